/**
 * How each IdP vendor names the settings this app needs, so `npm run doctor` says what to change in
 * the words of the console the team (or its IdP team) will open. Written from the vendors' own
 * documentation; `docs/idp/<vendor>.md` has the step-by-step guide and the sources.
 */
import type { ProviderName } from '../provider-presets.ts';

/** A message the IdP may show or send, and what it means for this app. */
export interface KnownIdpError {
  /** The vendor's code or the start of its message (`AADSTS9002326`, `Invalid parameter: redirect_uri`). */
  readonly code: string;
  readonly meaning: string;
  readonly fix: string;
}

export interface VendorWords {
  /** The vendor's product name. */
  readonly product: string;
  /** The guide in this repository (`docs/idp/keycloak.md`). */
  readonly guide: string;
  /** Where the client's settings are in the vendor's console. */
  readonly clientSettings: string;
  /** How to make the client public (no secret) with the authorization code flow. */
  readonly publicClient: string;
  /** How to require PKCE with S256. */
  readonly pkce: string;
  /** Where to register the redirect URI `APP_ORIGIN/auth/callback`. */
  readonly redirectUris: string;
  /** Where to register the post-logout redirect URI `APP_ORIGIN/`. */
  readonly postLogoutRedirectUris: string;
  /** Where to allow `APP_ORIGIN` by CORS for the token and revocation endpoints. */
  readonly corsOrigins: string;
  /** How to put the user's roles or groups into the access token. */
  readonly rolesInAccessToken: string;
  /** How to get `OIDC_AUDIENCE` into the access token's `aud` (and a JWT access token at all). */
  readonly audience: string;
  /** How to get rotated refresh tokens for the SPA, and their lifetimes. */
  readonly refreshTokens: string;
  readonly knownErrors: readonly KnownIdpError[];
}

export const VENDOR_WORDS: Readonly<Record<ProviderName, VendorWords>> = {
  generic: {
    product: 'your identity provider',
    guide: 'docs/idp/generic.md',
    clientSettings: "the app's client registration at your identity provider",
    publicClient: 'register a public client (token endpoint authentication "none", no secret) for the authorization code grant',
    pkce: 'require PKCE with the S256 method',
    redirectUris: 'the allowed redirect URIs',
    postLogoutRedirectUris: 'the allowed post-logout redirect URIs',
    corsOrigins: "the client's allowed web origins (CORS) for the token and revocation endpoints",
    rolesInAccessToken: "a claim in the access token listing the user's roles or groups (OIDC_ROLES_CLAIM)",
    audience: 'a JWT access token whose aud names the API (OIDC_AUDIENCE), RFC 9068',
    refreshTokens: 'refresh tokens for the public client, rotated at each use (RFC 9700 section 4.14.2)',
    knownErrors: [],
  },
  keycloak: {
    product: 'Keycloak',
    guide: 'docs/idp/keycloak.md',
    clientSettings: 'the Keycloak admin console: your realm → Clients → <client> → Settings',
    publicClient: 'Clients → <client> → Settings → Capability config: Client authentication Off, Standard flow On (no secret)',
    pkce: 'Clients → <client> → Settings → Capability config → PKCE method: S256 (older versions: Advanced → Advanced settings → Proof Key for Code Exchange Code Challenge Method)',
    redirectUris: 'Clients → <client> → Settings → Access settings → Valid redirect URIs',
    postLogoutRedirectUris: 'Clients → <client> → Settings → Valid post logout redirect URIs (Keycloak 18 and later)',
    corsOrigins: 'Clients → <client> → Settings → Access settings → Web origins: add APP_ORIGIN (or +, the origins of the valid redirect URIs)',
    rolesInAccessToken: 'realm roles reach realm_access.roles through the "roles" client scope (mapper "realm roles", Add to access token On); or add a Group Membership mapper and set OIDC_ROLES_CLAIM to its Token Claim Name',
    audience: 'Client scopes → <scope> → Mappers → Configure a new mapper → Audience: Included Custom Audience = OIDC_AUDIENCE, Add to access token On; add the scope to the client as Default',
    refreshTokens: 'issued to public clients with the code flow; Realm settings → Tokens → Revoke Refresh Token On (rotation); lifetime: Realm settings → Sessions → SSO Session Idle / Max',
    knownErrors: [
      {
        code: 'Invalid parameter: redirect_uri',
        meaning: "the redirect URI is not in the client's Valid redirect URIs (some Keycloak versions say this for an unknown client id too)",
        fix: 'add APP_ORIGIN/auth/callback exactly to Clients → <client> → Settings → Valid redirect URIs; check OIDC_CLIENT_ID',
      },
      {
        code: 'Client not found',
        meaning: 'no client with this client_id in this realm',
        fix: 'set OIDC_CLIENT_ID to the Client ID shown under Clients, and OIDC_ISSUER to that realm (…/realms/<realm>)',
      },
      {
        code: 'Client secret not provided in request',
        meaning: 'the client is confidential (Client authentication On), so the token endpoint wants a secret a browser cannot keep (unauthorized_client)',
        fix: 'Clients → <client> → Settings → Capability config: Client authentication Off',
      },
      {
        code: 'Invalid scopes',
        meaning: 'OIDC_SCOPES names a scope that is not a client scope of this client (invalid_scope)',
        fix: 'remove it from OIDC_SCOPES, or add the client scope under Clients → <client> → Client scopes',
      },
      {
        code: 'PKCE verification failed',
        meaning: 'the code_verifier did not match the code_challenge of the sign-in that produced the code',
        fix: 'sign in again from a fresh tab; if it persists, check that nothing between the browser and Keycloak rewrites the request',
      },
      {
        code: "Either the parameter 'client_id' or the parameter 'id_token_hint' is required",
        meaning: 'a logout request carried post_logout_redirect_uri without client_id or id_token_hint (Keycloak 18 and later)',
        fix: 'register APP_ORIGIN/ in Valid post logout redirect URIs; the app sends client_id, so check that a proxy does not strip it',
      },
    ],
  },
  'entra-id': {
    product: 'Microsoft Entra ID',
    guide: 'docs/idp/entra-id.md',
    clientSettings: 'the Microsoft Entra admin center: Identity → Applications → App registrations → <app>',
    publicClient: 'App registrations → <app> → Authentication → Add a platform → Single-page application (code flow with PKCE, no secret); not the Web platform',
    pkce: 'nothing to set: the Single-page application platform requires PKCE',
    redirectUris: 'App registrations → <app> → Authentication → Single-page application → Redirect URIs',
    postLogoutRedirectUris: 'App registrations → <app> → Authentication → Single-page application → Redirect URIs (post_logout_redirect_uri must be one of them)',
    corsOrigins: 'nothing to set: a redirect URI of type Single-page application enables CORS on the token endpoint for its origin (a Web one gives AADSTS9002326)',
    rolesInAccessToken: 'API registration → App roles → Create app role (Value = role name, Allowed member types Users/Groups); Enterprise applications → <API> → Users and groups → assign; claim roles',
    audience: 'API registration → Expose an API → Application ID URI + Add a scope (access_as_user); manifest requestedAccessTokenVersion 2 (aud = API client id); OIDC_SCOPES includes api://<api-id>/access_as_user',
    refreshTokens: 'issued when OIDC_SCOPES includes offline_access; SPA refresh tokens last 24 hours, fixed; then the app signs in again by a top-level redirect',
    knownErrors: [
      {
        code: 'AADSTS9002326',
        meaning: "the redirect URI is registered under the Web platform, so Entra refuses the browser's cross-origin token redemption",
        fix: 'App registrations → <app> → Authentication: remove the URI from Web, add it under Single-page application (or set its type to spa in the manifest)',
      },
      {
        code: 'AADSTS9002327',
        meaning: 'a token for a Single-page application redirect URI was redeemed without an Origin header (not from a browser)',
        fix: 'redeem codes from the browser only (the app does); a server-side test must send Origin: APP_ORIGIN',
      },
      {
        code: 'AADSTS7000218',
        meaning: 'the token endpoint wants client_assertion or client_secret: the redirect URI is a Web (confidential) one',
        fix: 'App registrations → <app> → Authentication: move the redirect URI to the Single-page application platform',
      },
      {
        code: 'AADSTS50011',
        meaning: 'the redirect URI in the request does not match any redirect URI registered for the app',
        fix: 'add APP_ORIGIN/auth/callback exactly under Authentication → Single-page application → Redirect URIs',
      },
      {
        code: 'AADSTS700016',
        meaning: 'no application with this client_id in this tenant (wrong id, or a tenant in OIDC_ISSUER other than the app\'s)',
        fix: 'set OIDC_CLIENT_ID to the SPA registration\'s Application (client) ID and OIDC_ISSUER to https://login.microsoftonline.com/<tenant-id>/v2.0',
      },
      {
        code: 'AADSTS65001',
        meaning: 'the user or an administrator has not consented to the app using the API scope',
        fix: 'API registration → Expose an API → Add a client application (pre-authorize the SPA), or have an admin grant consent under API permissions',
      },
      {
        code: 'AADSTS90009',
        meaning: 'the app asks for a token for itself with an api:// URI; Entra allows that only with the GUID form',
        fix: 'use a separate API registration, or write the scope as <application-id-guid>/access_as_user in OIDC_SCOPES',
      },
      {
        code: 'AADSTS500011',
        meaning: 'the resource principal named by the scope in OIDC_SCOPES is not found in this tenant',
        fix: 'check the Application ID URI in OIDC_SCOPES against API registration → Expose an API, and that the API exists in this tenant',
      },
      {
        code: 'AADSTS70011',
        meaning: 'a scope in OIDC_SCOPES is not valid (invalid_scope), for example scopes of two different APIs',
        fix: 'ask for openid profile offline_access and one scope of your API only',
      },
      {
        code: 'AADSTS501481',
        meaning: 'the code_verifier did not match the code_challenge of the sign-in',
        fix: 'sign in again from a fresh tab; if it persists, check that nothing rewrites the token request',
      },
      {
        code: 'AADSTS50105',
        meaning: 'the user is not assigned to the application, and assignment is required',
        fix: 'Enterprise applications → <app> → Users and groups: assign the user or a group',
      },
      {
        code: 'AADSTS700084',
        meaning: 'the SPA refresh token has passed its fixed 24-hour lifetime',
        fix: 'nothing to change: the app signs the user in again by a top-level redirect',
      },
      {
        code: 'AADSTS50058',
        meaning: 'a prompt=none request found no signed-in session at Entra',
        fix: 'nothing to change: the app then shows its sign-in page',
      },
    ],
  },
  okta: {
    product: 'Okta',
    guide: 'docs/idp/okta.md',
    clientSettings: 'the Okta Admin Console: Applications → Applications → <app> → General',
    publicClient: 'Applications → Applications → Create App Integration → OIDC - OpenID Connect → Single-Page Application (Client authentication none, grant type Authorization Code)',
    pkce: 'nothing to set: Okta requires PKCE for Single-Page Applications and it cannot be turned off',
    redirectUris: 'Applications → Applications → <app> → General → Sign-in redirect URIs',
    postLogoutRedirectUris: 'Applications → Applications → <app> → General → Sign-out redirect URIs',
    corsOrigins: 'Security → API → Trusted Origins → Add Origin: Origin URL = APP_ORIGIN, Type CORS (and Redirect)',
    rolesInAccessToken: 'Security → API → Authorization Servers → <custom server> → Claims → Add Claim: groups, Include in Access Token, Value type Groups, filter (Matches regex .*, or Starts with APP-)',
    audience: 'use a custom authorization server (not the org one): Security → API → Authorization Servers → Add Authorization Server, Audience = OIDC_AUDIENCE; OIDC_ISSUER = https://<domain>/oauth2/<server-id>',
    refreshTokens: 'Applications → <app> → General → Grant type Refresh Token, Refresh token behavior Rotate token after every use; the access policy rule sets its lifetime; OIDC_SCOPES includes offline_access',
    knownErrors: [
      {
        code: 'must be a Login redirect URI',
        meaning: "the redirect URI is not one of the app's Sign-in redirect URIs",
        fix: 'add APP_ORIGIN/auth/callback exactly under Applications → <app> → General → Sign-in redirect URIs',
      },
      {
        code: 'Policy evaluation failed for this request',
        meaning: "no access policy rule of the custom authorization server matches this app, user, grant type and scopes",
        fix: 'Security → API → Authorization Servers → <server> → Access Policies: assign the app to a policy; its rule allows Authorization Code (and Refresh Token) and the scopes in OIDC_SCOPES',
      },
      {
        code: 'One or more scopes are not configured for the authorization server resource',
        meaning: 'OIDC_SCOPES names a scope the authorization server does not define (invalid_scope)',
        fix: 'remove it from OIDC_SCOPES, or add it under Authorization Servers → <server> → Scopes',
      },
      {
        code: 'Custom scopes are not allowed for this request',
        meaning: 'OIDC_ISSUER points at the org authorization server, which has no custom scopes and whose access tokens cannot be verified locally',
        fix: 'set OIDC_ISSUER to a custom authorization server, https://<domain>/oauth2/<server-id> (default: /oauth2/default)',
      },
      {
        code: 'User is not assigned to the client application',
        meaning: 'neither the user nor any of their groups is assigned to the app integration',
        fix: 'Applications → <app> → Assignments: assign the user or a group',
      },
    ],
  },
  auth0: {
    product: 'Auth0',
    guide: 'docs/idp/auth0.md',
    clientSettings: 'the Auth0 Dashboard: Applications → Applications → <app> → Settings',
    publicClient: 'Applications → Applications → Create Application → Single-Page Web Applications (Authentication Method None, no secret)',
    pkce: 'nothing to set: Auth0 accepts PKCE S256 from Single-Page Web Applications',
    redirectUris: 'Applications → <app> → Settings → Application URIs → Allowed Callback URLs',
    postLogoutRedirectUris: 'Applications → <app> → Settings → Application URIs → Allowed Logout URLs',
    corsOrigins: 'Applications → <app> → Settings → Application URIs → Allowed Web Origins and Allowed Origins (CORS): add APP_ORIGIN',
    rolesInAccessToken: 'Applications → APIs → <API> → Settings → RBAC Settings: Enable RBAC, Add Permissions in the Access Token (claim permissions); or an Action setting a namespaced claim',
    audience: 'Applications → APIs → Create API: Identifier = OIDC_AUDIENCE, JSON Web Token (JWT) Profile RFC 9068; the app sends audience=OIDC_AUDIENCE',
    refreshTokens: 'Applications → <app> → Settings → Refresh Token Rotation: Allow Refresh Token Rotation; Applications → APIs → <API> → Settings → Allow Offline Access; OIDC_SCOPES includes offline_access',
    knownErrors: [
      {
        code: 'Callback URL mismatch',
        meaning: "the redirect URI is not in the app's Allowed Callback URLs",
        fix: 'add APP_ORIGIN/auth/callback exactly under Applications → <app> → Settings → Allowed Callback URLs',
      },
      {
        code: 'Service not found',
        meaning: 'no API in this tenant has OIDC_AUDIENCE as its Identifier (the audience parameter names an unknown API)',
        fix: 'set OIDC_AUDIENCE to the API Identifier shown under Applications → APIs, or create the API with that Identifier',
      },
    ],
  },
  pingfederate: {
    product: 'PingFederate',
    guide: 'docs/idp/pingfederate.md',
    clientSettings: 'the PingFederate administrative console: Applications → OAuth → Clients → <client>',
    publicClient: 'Applications → OAuth → Clients → Add Client: Client Authentication None; Allowed Grant Types Authorization Code (and Refresh Token)',
    pkce: "require PKCE on the client (admin API: requireProofKeyForCodeExchange); System → OAuth Settings → Authorization Server Settings → Disallow Plain PKCE",
    redirectUris: 'Applications → OAuth → Clients → <client> → Redirect URIs',
    postLogoutRedirectUris: "Applications → OAuth → Clients → <client> → OpenID Connect settings: post-logout redirect URIs (PingFederate 12.0 and later)",
    corsOrigins: 'System → OAuth Settings → Authorization Server Settings → Cross-Origin Resource Sharing Settings → Allowed Origin: add APP_ORIGIN',
    rolesInAccessToken: "the JSON Web Tokens access token manager's Access Token Attribute Contract: add groups, fulfil it from the user's groups (multi-valued)",
    audience: 'Applications → OAuth → Access Token Management: a JSON Web Tokens instance with Audience Claim Value = OIDC_AUDIENCE, as the client\'s Default Access Token Manager (restricted to it); then OIDC_AUDIENCE_PARAMETER=none',
    refreshTokens: 'Allowed Grant Types: Refresh Token; Authorization Server Settings → Roll Refresh Token Values (or the client override), Refresh Token Rolling Interval 0; lifetime: Persistent Grant Lifetime / Idle Timeout',
    knownErrors: [],
  },
  adfs: {
    product: 'AD FS',
    guide: 'docs/idp/adfs.md',
    clientSettings: 'AD FS Management → Application Groups → <group> → Properties → <native application> → Edit',
    publicClient: 'Application Groups → Add Application Group → Native application accessing a Web API (the native application is the public client, no secret)',
    pkce: 'nothing to set: AD FS on Windows Server 2019 and later supports PKCE (use 2019 or later: 2016 has neither PKCE nor CORS)',
    redirectUris: 'Application Groups → <group> → <native application> → Edit → Redirect URI',
    postLogoutRedirectUris: 'the same Redirect URI list: post_logout_redirect_uri must be registered there too',
    corsOrigins: 'PowerShell on the AD FS server: Set-AdfsResponseHeaders -EnableCORS $true; Set-AdfsResponseHeaders -CORSTrustedOrigins APP_ORIGIN (replaces the list)',
    rolesInAccessToken: 'Application Groups → <group> → Properties → <Web API> → Edit → Issuance Transform Rules → Add Rule: Send LDAP Attributes as Claims, Token-Groups - Unqualified Names → Role (claim role)',
    audience: "the Web API's Identifier = OIDC_AUDIENCE (a URL); the app sends resource=OIDC_AUDIENCE; permissions openid, profile; OIDC_ACCESS_TOKEN_ISSUER = discovery's access_token_issuer",
    refreshTokens: 'Set-AdfsWebApiApplication -TargetIdentifier <OIDC_AUDIENCE> -IssueOAuthRefreshTokensTo AllDevices; without Keep me signed in, AD FS issues one refresh token and does not renew it',
    knownErrors: [
      {
        code: 'MSIS9224',
        meaning: "the redirect URI is not a registered redirect URI of the native application's client identifier",
        fix: 'add APP_ORIGIN/auth/callback exactly to the native application\'s Redirect URI list',
      },
    ],
  },
};
