/** The roles the app knows. Anything else in a token's roles claim grants nothing. */
export const Role = {
  Chat: 'chat',
  Analytics: 'analytics',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What the access token's roles claim held, as the API found it at `OIDC_ROLES_CLAIM`:
 * - `missing`: no claim there (a wrong claim path, or the IdP does not put roles in access tokens);
 * - `invalid`: a claim of a shape that lists no names (a number, an object…);
 * - `empty`: a list with no names (a user without roles);
 * - `unmatched`: names, none of which grants a role of this app (names or `OIDC_ROLE_MAP` differ);
 * - `granted`: at least one role.
 */
export const RolesClaimStatus = {
  Missing: 'missing',
  Invalid: 'invalid',
  Empty: 'empty',
  Unmatched: 'unmatched',
  Granted: 'granted',
} as const;

export type RolesClaimStatus = (typeof RolesClaimStatus)[keyof typeof RolesClaimStatus];
