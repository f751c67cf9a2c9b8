/**
 * `OIDC_PROVIDER`: the defaults each IdP vendor needs, so a team sets one variable instead of
 * learning how its IdP shapes tokens. Every field is only a default: the explicit variable named
 * beside it wins. The vendor facts behind each value, with their sources, are in `docs/idp/`.
 */

export const PROVIDER_NAMES = ['generic', 'keycloak', 'entra-id', 'okta', 'auth0', 'pingfederate', 'adfs'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * `OIDC_ACCESS_TOKEN_TYP`: RFC 9068 access tokens (`at+jwt`), or, for IdPs that type their access
 * tokens `JWT` (or not at all) like their ID tokens, a value that says out loud it is weaker (RFC
 * 8725 §3.11: the type no longer tells an ID token from an access token; claims then must).
 */
export const ACCESS_TOKEN_TYPS = ['at+jwt', 'dangerously-accept-JWT'] as const;
export type AccessTokenTyp = (typeof ACCESS_TOKEN_TYPS)[number];

/**
 * `OIDC_ROLES_FORMAT`: how the roles claim lists names. `list`: a JSON array of strings, or one
 * string taken whole (AD FS and others send a single value as a string). `space-separated`: also a
 * string of names separated by spaces, like `scope` (RFC 6749 §3.3).
 */
export const ROLES_FORMATS = ['list', 'space-separated'] as const;
export type RolesFormat = (typeof ROLES_FORMATS)[number];

/**
 * `OIDC_AUDIENCE_PARAMETER`: the authorization-request parameter that asks the IdP for an access
 * token for `OIDC_AUDIENCE`: RFC 8707 `resource`, Auth0's `audience`, or none (the IdP decides the
 * audience from the client or the scopes).
 */
export const AUDIENCE_PARAMETERS = ['none', 'resource', 'audience'] as const;
export type AudienceParameter = (typeof AUDIENCE_PARAMETERS)[number];

/** Where the browser ends the IdP session when discovery names no `end_session_endpoint`. */
export interface LogoutFallback {
  /** The logout URL, from the issuer. */
  readonly url: (issuer: string) => string;
  /** The query parameter that carries the app's post-logout redirect URI. */
  readonly redirectParameter: string;
}

export interface ProviderPreset {
  /** The vendor's product name, for messages. */
  readonly title: string;
  /** `OIDC_SCOPES`. */
  readonly scopes: string;
  /** `OIDC_ROLES_CLAIM`. */
  readonly rolesClaim: string;
  /** `OIDC_ROLES_FORMAT`. */
  readonly rolesFormat: RolesFormat;
  /** `OIDC_ACCESS_TOKEN_TYP`. */
  readonly accessTokenTyp: AccessTokenTyp;
  /**
   * `OIDC_ACCESS_TOKEN_CLAIMS`: when `typ` does not say "access token", a token must carry at least
   * one of these, which this vendor puts in access tokens and never in ID tokens.
   */
  readonly accessTokenClaims: readonly string[];
  /** `OIDC_ID_TOKEN_CLAIMS`: a token carrying any of these is an ID token, whatever its `typ`. */
  readonly idTokenClaims: readonly string[];
  /** `OIDC_AUDIENCE_PARAMETER`. */
  readonly audienceParameter: AudienceParameter;
  /**
   * Whether the vendor issues an access token for our API only when a scope of the API is asked
   * for (`api://…/access_as_user`): `OIDC_SCOPES` must then name one.
   */
  readonly requiresApiScope: boolean;
  readonly logoutFallback?: LogoutFallback;
  /**
   * `OIDC_ACCESS_TOKEN_ISSUER` from `OIDC_ISSUER`, for a vendor whose access tokens name another
   * issuer than its ID tokens (AD FS).
   */
  readonly accessTokenIssuer?: (issuer: string) => string;
}

/** RFC 9068 §2.2.3 and RFC 8693 §4.2: what an access token carries and an ID token does not. */
const RFC9068_ACCESS_TOKEN_CLAIMS = ['scope', 'scp', 'client_id'];
/**
 * OIDC Core §2 and §3.1.3.6: `nonce` echoes the authorization request, `at_hash` and `c_hash` bind
 * an ID token to the tokens it came with. No access token carries them.
 */
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'];

export const PROVIDER_PRESETS: Readonly<Record<ProviderName, ProviderPreset>> = {
  generic: {
    title: 'your identity provider',
    scopes: 'openid profile offline_access',
    rolesClaim: 'roles',
    rolesFormat: 'list',
    accessTokenTyp: 'at+jwt',
    accessTokenClaims: RFC9068_ACCESS_TOKEN_CLAIMS,
    idTokenClaims: ID_TOKEN_CLAIMS,
    audienceParameter: 'none',
    requiresApiScope: false,
  },
  keycloak: {
    title: 'Keycloak',
    // Keycloak issues refresh tokens without `offline_access`; asking for it makes offline tokens
    // that outlive the SSO session.
    scopes: 'openid profile',
    rolesClaim: 'realm_access.roles',
    rolesFormat: 'list',
    // Header `typ: JWT`; the access token has `scope` and the ID token never does. Keycloak before
    // 25 (and its "Nonce backwards compatible" mapper) puts `nonce` in access tokens too: not listed.
    accessTokenTyp: 'dangerously-accept-JWT',
    accessTokenClaims: ['scope'],
    idTokenClaims: ['at_hash', 'c_hash'],
    audienceParameter: 'none',
    requiresApiScope: false,
  },
  'entra-id': {
    title: 'Microsoft Entra ID',
    scopes: 'openid profile offline_access',
    // App roles assigned to the user, for the API's app registration.
    rolesClaim: 'roles',
    rolesFormat: 'list',
    accessTokenTyp: 'dangerously-accept-JWT',
    // `scp`: the delegated scopes, in every user's access token and never in an ID token.
    accessTokenClaims: ['scp'],
    idTokenClaims: ID_TOKEN_CLAIMS,
    audienceParameter: 'none',
    requiresApiScope: true,
  },
  okta: {
    title: 'Okta',
    scopes: 'openid profile offline_access',
    rolesClaim: 'groups',
    rolesFormat: 'list',
    // Okta's access tokens carry no `typ` header; `scp` and `cid` mark them.
    accessTokenTyp: 'dangerously-accept-JWT',
    accessTokenClaims: ['scp', 'cid'],
    idTokenClaims: ID_TOKEN_CLAIMS,
    audienceParameter: 'none',
    requiresApiScope: false,
  },
  auth0: {
    title: 'Auth0',
    scopes: 'openid profile offline_access',
    // RBAC with "Add Permissions in the Access Token": the API's permissions, named like our roles.
    rolesClaim: 'permissions',
    rolesFormat: 'list',
    // The API's "RFC 9068" token profile types access tokens `at+jwt`.
    accessTokenTyp: 'at+jwt',
    accessTokenClaims: ['scope', 'client_id', 'azp'],
    idTokenClaims: ID_TOKEN_CLAIMS,
    audienceParameter: 'audience',
    requiresApiScope: false,
    // Tenants without "RP-Initiated Logout End Session Endpoint Discovery" advertise none.
    logoutFallback: { url: (issuer) => new URL('v2/logout', issuer.endsWith('/') ? issuer : `${issuer}/`).href, redirectParameter: 'returnTo' },
  },
  pingfederate: {
    title: 'PingFederate',
    scopes: 'openid profile offline_access',
    rolesClaim: 'groups',
    rolesFormat: 'list',
    accessTokenTyp: 'dangerously-accept-JWT',
    accessTokenClaims: ['scope', 'client_id'],
    idTokenClaims: ID_TOKEN_CLAIMS,
    // PingFederate picks the access token manager (and so `aud`) by the client's default, or by an
    // `aud` or `access_token_manager_id` parameter (OIDC_AUTHORIZATION_PARAMS); `resource` is for
    // token exchange only.
    audienceParameter: 'none',
    requiresApiScope: false,
  },
  adfs: {
    title: 'AD FS',
    scopes: 'openid profile',
    // "Token-Groups - Unqualified Names" sent as Role: one group is a string, several an array.
    rolesClaim: 'role',
    rolesFormat: 'list',
    accessTokenTyp: 'dangerously-accept-JWT',
    accessTokenClaims: ['scp', 'appid'],
    idTokenClaims: ID_TOKEN_CLAIMS,
    audienceParameter: 'resource',
    requiresApiScope: false,
    // Discovery's `access_token_issuer`: http://<federation service>/adfs/services/trust, an
    // identifier the API compares and never fetches.
    accessTokenIssuer: (issuer) => `http://${new URL(issuer).host}/adfs/services/trust`,
  },
};
