/**
 * How oidc-provider sees the dev users: accounts with claims, and the extra claims of access tokens.
 */
import type { Account, AccessToken, ClientCredentials, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { findDevUser, type DevUser } from './users.ts';

/**
 * Which claims each scope releases. `roles` rides with `openid` so every ID token carries it: the SPA
 * mirrors the API's role checks in its route guards.
 */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub', 'roles'],
  profile: ['name', 'preferred_username'],
} as const;

export const findAccount: FindAccount = (_ctx, sub) => {
  const user = findDevUser(sub);
  return user === undefined ? undefined : toAccount(user);
};

function toAccount(user: DevUser): Account {
  return {
    accountId: user.username,
    // oidc-provider keeps only the claims the granted scopes release (CLAIMS_BY_SCOPE).
    claims: () => ({
      sub: user.username,
      name: user.name,
      preferred_username: user.username,
      roles: [...user.roles],
    }),
  };
}

/**
 * Claims added to JWT access tokens, so the API needs no userinfo call. RFC 9068 §2.2.3.1 names `roles`
 * as the claim for a user's roles.
 */
export function extraAccessTokenClaims(
  _ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
): { name: string; roles: string[] } | undefined {
  if (token.kind !== 'AccessToken' || token.accountId === undefined) {
    return undefined;
  }
  const user = findDevUser(token.accountId);
  return user === undefined ? undefined : { name: user.name, roles: [...user.roles] };
}
