/**
 * What the dev IdP's tokens look like (`IDP_SHAPE`). oidc-provider builds and signs every token; a shape
 * only decides which claims carry the user's name and roles, and how a JWT access token's header and
 * payload read, so the app can be tested against differently shaped IdPs with the real oidc-provider.
 * provider-config.ts and accounts.ts consult it; nothing else knows which shape runs.
 */
import type { AccountClaims, JWTStructured } from 'oidc-provider';
import type { TokenShapeName } from './config.ts';
import { keycloakShape } from './keycloak-shape.ts';
import { rfc9068Shape } from './rfc9068-shape.ts';
import type { DevUser } from './users.ts';

export interface TokenShape {
  /** oidc-provider's `claims`: which claims each scope releases into ID tokens. */
  readonly claimsByScope: Readonly<Record<string, readonly string[]>>;
  /** The user's claims, from which oidc-provider keeps those the granted scopes release. */
  userClaims(user: DevUser): AccountClaims;
  /** Claims added to the user's JWT access tokens (oidc-provider's `extraTokenClaims`). */
  accessTokenClaims(user: DevUser): Record<string, unknown>;
  /**
   * Rewrites a JWT access token in place once oidc-provider has built it (its `formats.customizers.jwt`):
   * a `header` set here overrides the `typ: at+jwt` it would write.
   */
  reshapeAccessToken(token: JWTStructured): void;
}

const SHAPES: Readonly<Record<TokenShapeName, TokenShape>> = {
  rfc9068: rfc9068Shape,
  keycloak: keycloakShape,
};

export function tokenShapeFor(name: TokenShapeName): TokenShape {
  return SHAPES[name];
}
