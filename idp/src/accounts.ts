/**
 * How oidc-provider sees the dev users: accounts with claims, and the extra claims of access tokens,
 * both as the configured token shape (token-shape.ts) lays them out.
 */
import type { Configuration, FindAccount } from 'oidc-provider';
import type { TokenShape } from './token-shape.ts';
import { findDevUser } from './users.ts';

/** oidc-provider's `findAccount`: it keeps only the claims the granted scopes release (the shape's `claimsByScope`). */
export function findAccountIn(shape: TokenShape): FindAccount {
  return (_ctx, sub) => {
    const user = findDevUser(sub);
    return user === undefined ? undefined : { accountId: user.username, claims: () => shape.userClaims(user) };
  };
}

/** oidc-provider's `extraTokenClaims`: the user's claims in JWT access tokens, so the API needs no userinfo call. */
export function extraAccessTokenClaims(shape: TokenShape): NonNullable<Configuration['extraTokenClaims']> {
  return (_ctx, token) => {
    if (token.kind !== 'AccessToken' || token.accountId === undefined) {
      return undefined;
    }
    const user = findDevUser(token.accountId);
    return user === undefined ? undefined : shape.accessTokenClaims(user);
  };
}
