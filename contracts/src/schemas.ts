/**
 * The API's payloads as JSON Schemas (TypeBox). The API validates and serialises with them, so nothing
 * undeclared leaks out; the SPA and the tests use the types derived from them (`import type`), so the
 * schemas themselves never reach the browser bundle.
 */
import { Type, type Static } from 'typebox';
import { ErrorCode } from './errors.ts';

export * from './chat-schemas.ts';
export * from './analytics-schemas.ts';

export const ApiErrorSchema = Type.Object({
  error: Type.Union(Object.values(ErrorCode).map((code) => Type.Literal(code))),
  message: Type.String(),
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
  authorizationServer: Type.Optional(AuthorizationServerSchema),
});
export type PublicConfig = Static<typeof PublicConfigSchema>;

/** `GET /api/me`: who the access token says the caller is. */
export const MeSchema = Type.Object({
  sub: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
});
export type Me = Static<typeof MeSchema>;
