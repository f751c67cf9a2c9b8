/**
 * The API's payloads as JSON Schemas (TypeBox). The API validates and serialises with them, so nothing
 * undeclared leaks out; the SPA and the tests use the types derived from them (`import type`), so the
 * schemas themselves never reach the browser bundle.
 */
import { Type, type Static } from 'typebox';
import { DPOP_MODES, type DpopMode } from './dpop.ts';
import { ErrorCode, TokenRefusal } from './errors.ts';
import { RolesClaimStatus } from './roles.ts';

export * from './chat-schemas.ts';
export * from './analytics-schemas.ts';

export const ApiErrorSchema = Type.Object({
  error: Type.Union(Object.values(ErrorCode).map((code) => Type.Literal(code))),
  message: Type.String(),
  reason: Type.Optional(Type.Enum(Object.values(TokenRefusal) as TokenRefusal[])),
});

export const HealthSchema = Type.Object({ status: Type.Literal('ok') });
export type Health = Static<typeof HealthSchema>;

/**
 * Where the browser finds the IdP's endpoints. Present when the API read the IdP's discovery
 * document itself; absent when the API may not talk to the IdP (`OIDC_JWKS_FILE`), and the SPA
 * then reads discovery from the browser.
 */
export const AuthorizationServerSchema = Type.Object({
  issuer: Type.String(),
  authorization_endpoint: Type.String(),
  token_endpoint: Type.String(),
  jwks_uri: Type.Optional(Type.String()),
  end_session_endpoint: Type.Optional(Type.String()),
  revocation_endpoint: Type.Optional(Type.String()),
  code_challenge_methods_supported: Type.Optional(Type.Array(Type.String())),
  id_token_signing_alg_values_supported: Type.Optional(Type.Array(Type.String())),
  authorization_response_iss_parameter_supported: Type.Optional(Type.Boolean()),
  /** The IdP binds tokens to a key with these DPoP proof algorithms (RFC 9449 §5.1); absent: no DPoP. */
  dpop_signing_alg_values_supported: Type.Optional(Type.Array(Type.String())),
});
export type AuthorizationServer = Static<typeof AuthorizationServerSchema>;

/** `GET /api/config`: the SPA's public runtime config. Never holds a secret. */
export const PublicConfigSchema = Type.Object({
  issuer: Type.String(),
  clientId: Type.String(),
  scopes: Type.String(),
  audience: Type.String(),
  redirectUri: Type.String(),
  postLogoutRedirectUri: Type.String(),
  /** Added to every authorization request: RFC 8707 `resource`, Auth0's `audience`, `OIDC_AUTHORIZATION_PARAMS`. */
  authorizationParameters: Type.Record(Type.String(), Type.String()),
  /** Where to end the IdP session when its discovery document names no `end_session_endpoint`. */
  logoutFallback: Type.Optional(Type.Object({ url: Type.String(), redirectParameter: Type.String() })),
  /** `OIDC_ROLES_CLAIM`, so the SPA can name it when a sign-in carries no roles. */
  rolesClaim: Type.String(),
  /** `OIDC_DPOP`: whether the SPA asks the IdP for DPoP-bound tokens (not with `off`), and whether bearer tokens still work. */
  dpop: Type.Enum([...DPOP_MODES] as DpopMode[]),
  authorizationServer: Type.Optional(AuthorizationServerSchema),
});
export type PublicConfig = Static<typeof PublicConfigSchema>;

/** `GET /api/me`: who the access token says the caller is. */
export const MeSchema = Type.Object({
  sub: Type.String(),
  /** The access token's `name`, else its `preferred_username`, else `sub` (see `nameSource`). */
  name: Type.String(),
  /** Which claim `name` came from: the SPA prefers the ID token's name to a user name or `sub`. */
  nameSource: Type.Enum(['name', 'preferred_username', 'sub']),
  roles: Type.Array(Type.String()),
  /** What the roles claim held, so a sign-in without roles can say why. */
  rolesClaim: Type.Enum(Object.values(RolesClaimStatus) as RolesClaimStatus[]),
});
export type Me = Static<typeof MeSchema>;
