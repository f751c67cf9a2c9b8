import { isRole, type Role } from '@app/contracts';

/**
 * Reads the app's roles from the claim at `path` (`['roles']`, `['realm_access', 'roles']`…).
 *
 * Only an array of strings grants anything. A string claim grants nothing, even one that reads like
 * a role list: substring matching would let `"xx-analytics-xx"` grant `analytics`. A claim with any
 * non-string member is ignored as a whole, rather than half-trusted. Names the app does not know are
 * dropped (`Role` in `@app/contracts` is the list).
 *
 * Walks own properties only, so `__proto__` or `constructor` in a path reads nothing.
 */
export function readRoles(claims: Readonly<Record<string, unknown>>, path: readonly string[]): Role[] {
  const value = readClaimAtPath(claims, path);
  if (!Array.isArray(value) || !value.every((member) => typeof member === 'string')) return [];
  return [...new Set(value.filter(isRole))];
}

function readClaimAtPath(claims: unknown, path: readonly string[]): unknown {
  let current = claims;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
