import { ROLES, type Role, type RolesClaimStatus } from '@app/contracts';
import type { RolesConfig } from '../config.ts';

/** What the roles claim of one token held, and which of our roles it grants. */
export interface RolesFound {
  readonly roles: readonly Role[];
  /** Whether the claim was there, and whether anything in it granted a role (see {@link RolesClaimStatus}). */
  readonly status: RolesClaimStatus;
  /** The names the claim listed (when it was a valid list), for a log line that helps fix the mapping. */
  readonly names: readonly string[];
}

/**
 * Reads the app's roles from the claim at `config.path` (`['roles']`, `['realm_access', 'roles']`…).
 *
 * The claim lists names: an array of strings, or one string taken whole; with the `space-separated`
 * format, a string is split at spaces like `scope` (RFC 6749 §3.3). A name grants a role only when
 * it equals, exactly (letter case included), one of the names `config.map` gives that role: never by
 * a substring, so `"xx-analytics-xx"` grants nothing. A claim of any other shape (a number, an
 * object, an array with a non-string member) is ignored as a whole rather than half-trusted.
 *
 * Walks own properties only, so `__proto__` or `constructor` in a path reads nothing.
 */
export function readRoles(claims: Readonly<Record<string, unknown>>, config: RolesConfig): RolesFound {
  const value = readClaimAtPath(claims, config.path);
  if (value === undefined) return { roles: [], status: 'missing', names: [] };
  const names = listedNames(value, config.format);
  if (names === undefined) return { roles: [], status: 'invalid', names: [] };
  const roles = ROLES.filter((role) => config.map[role].some((name) => names.includes(name)));
  const status = roles.length > 0 ? 'granted' : names.length === 0 ? 'empty' : 'unmatched';
  return { roles, status, names };
}

function listedNames(value: unknown, format: RolesConfig['format']): readonly string[] | undefined {
  if (Array.isArray(value)) return value.every((member) => typeof member === 'string') ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (format === 'space-separated') return value.split(' ').filter((name) => name !== '');
  return value === '' ? [] : [value];
}

function readClaimAtPath(claims: unknown, path: readonly string[]): unknown {
  let current = claims;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
