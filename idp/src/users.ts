/**
 * The seeded dev users. Each one's password is its user name: this IdP is for local use and tests only
 * (it refuses to start with NODE_ENV=production).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Role } from '@app/contracts';

export interface DevUser {
  /** The user name, also the `sub` claim. */
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export const DEV_USERS: readonly DevUser[] = [
  { username: 'alice', name: 'Alice Martin', roles: [Role.Chat] },
  { username: 'bob', name: 'Bob Dupont', roles: [Role.Chat, Role.Analytics] },
  { username: 'carol', name: 'Carol Nguyen', roles: [] },
];

export function findDevUser(username: string): DevUser | undefined {
  return DEV_USERS.find((user) => user.username === username);
}

/** The user whose name and password match, or undefined. */
export function authenticateDevUser(username: string, password: string): DevUser | undefined {
  const user = findDevUser(username);
  return user !== undefined && sameSecret(password, user.username) ? user : undefined;
}

/** Compares digests in constant time, so a habit copied from here into real code stays safe. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
