/**
 * The default token shape: RFC 9068 JWT access tokens, as oidc-provider builds them (`typ: at+jwt`, one
 * `aud`, `client_id`), with the app's role names in `roles` (RFC 9068 §2.2.3.1) and the user's `name`,
 * so the API needs no userinfo call.
 */
import type { TokenShape } from './token-shape.ts';

export const rfc9068Shape: TokenShape = {
  // `roles` rides with `openid` so every ID token carries it: the SPA mirrors the API's role checks.
  claimsByScope: { openid: ['sub', 'roles'], profile: ['name', 'preferred_username'] },
  userClaims: (user) => ({
    sub: user.username,
    name: user.name,
    preferred_username: user.username,
    roles: [...user.roles],
  }),
  accessTokenClaims: (user) => ({ name: user.name, roles: [...user.roles] }),
  // oidc-provider's JWT access tokens already are RFC 9068's.
  reshapeAccessToken: () => {},
};
