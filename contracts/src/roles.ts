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
