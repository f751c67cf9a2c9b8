/**
 * A memory of access tokens that verified a moment ago, so that a signed-in tab's repeated token is
 * not verified from scratch on every request. Only the token's own verification (signature and
 * claims, `verify-access-token.ts`) is remembered: everything about the *request* (the scheme, the
 * DPoP proof, the route's role, the per-user rate limit) runs on every request, cached token or not.
 */
import { hash } from 'node:crypto';
import type { Principal, VerifyAccessToken } from './verify-access-token.ts';

/** How much the cache may hold. Evicting is always safe here: a token that falls out is verified again. */
export interface VerifiedTokenCacheLimits {
  /** Entries at most. */
  readonly maxEntries: number;
  /** Estimated bytes of all entries at most (see {@link estimateEntryBytes}). */
  readonly maxBytes: number;
}

/**
 * 10,000 tokens (a few thousand signed-in users, each renewing every few minutes) in at most 8 MiB.
 * A typical entry is about 600 bytes; a token with a long groups claim is bigger, and counts so.
 */
export const VERIFIED_TOKEN_CACHE_LIMITS: VerifiedTokenCacheLimits = { maxEntries: 10_000, maxBytes: 8 * 1024 * 1024 };

/**
 * Which signing keys verification uses right now: a value that changes whenever the key set may have
 * changed (a JWKS fetched again, the file replaced), or undefined when there are no keys to trust
 * without asking (none fetched yet, or cached past `OIDC_JWKS_MAX_STALE`).
 */
export type ReadKeySetVersion = () => string | undefined | Promise<string | undefined>;

export interface VerifiedTokenCacheOptions {
  readonly keySetVersion: ReadKeySetVersion;
  readonly limits?: VerifiedTokenCacheLimits;
  /** The clock, in epoch milliseconds; `Date.now` by default (a unit test turns it). */
  readonly now?: () => number;
}

/** The verifier, with the cache's size for tests and the benchmark. */
export interface CachingVerifier {
  readonly verify: VerifyAccessToken;
  readonly size: () => { readonly entries: number; readonly bytes: number };
}

interface Entry {
  readonly principal: Principal;
  /** The key set the token verified under: another one drops the entry. */
  readonly keySet: string;
  /** `principal.expiresAtMs`: the token's `exp`, or `iat` plus the maximum age when sooner. */
  readonly expiresAtMs: number;
  readonly bytes: number;
}

/**
 * Wraps `verifyAccessToken` with a memory of tokens that passed it. An entry is
 * - keyed by the SHA-256 of the **whole** token (header, payload and signature): a token that differs
 *   in any byte, its signature included, is another key, verified from scratch (so a forged token
 *   equal to a cached one but for its signature is refused by the signature check);
 * - made only from a success, and only when the key set was the same before and after verifying
 *   (a rotation meanwhile caches nothing); a refused token is never remembered, good or bad;
 * - used only until the token's `exp`, or `iat` plus `OIDC_ACCESS_TOKEN_MAX_AGE` when that comes
 *   first, without the clock tolerance the guard allows at the door (after that, the token is
 *   verified again, and refused once past the tolerance);
 * - dropped when the key set changes (a JWKS fetched again, a JWKS file replaced: the key that
 *   signed it may have left), or when there are no keys to trust without asking (past
 *   `OIDC_JWKS_MAX_STALE`): the token is then verified again, with the keys as they are;
 * - evicted oldest first past {@link VerifiedTokenCacheLimits}: entries and estimated bytes.
 *
 * It keeps the principal the verifier made (the caller's `sub`, name, roles, what the roles claim
 * held, the expiry and the DPoP thumbprint) and the token's hash, never the token.
 */
export function createVerifiedTokenCache(verifyAccessToken: VerifyAccessToken, options: VerifiedTokenCacheOptions): CachingVerifier {
  const { keySetVersion, limits = VERIFIED_TOKEN_CACHE_LIMITS, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const order = createEvictionOrder(entries, limits.maxEntries);
  let bytes = 0;

  const remove = (key: string, entry: Entry): void => {
    entries.delete(key);
    bytes -= entry.bytes;
  };

  /** Drops expired entries at the head (oldest first), then the oldest until `incoming` fits. */
  const makeRoom = (incoming: number, at: number): void => {
    for (let oldest = order.oldest(); oldest !== undefined; oldest = order.oldest()) {
      const fits = entries.size < limits.maxEntries && bytes + incoming <= limits.maxBytes;
      if (fits && oldest.entry.expiresAtMs > at) return;
      remove(oldest.key, oldest.entry);
    }
  };

  const remember = (key: string, principal: Principal, keySet: string): void => {
    const at = now();
    if (principal.expiresAtMs <= at) return;
    const size = estimateEntryBytes(principal);
    if (size > limits.maxBytes) return;
    const previous = entries.get(key);
    if (previous !== undefined) remove(key, previous);
    makeRoom(size, at);
    const entry: Entry = { principal, keySet, expiresAtMs: principal.expiresAtMs, bytes: size };
    entries.set(key, entry);
    order.append(key, entry);
    bytes += size;
  };

  const verify: VerifyAccessToken = async (token) => {
    const key = hash('sha256', token, 'base64url');
    const version = keySetVersion();
    const keySet = isPending(version) ? await version : version;
    const entry = entries.get(key);
    if (entry !== undefined) {
      if (keySet !== undefined && entry.keySet === keySet && entry.expiresAtMs > now()) return entry.principal;
      remove(key, entry);
    }
    const principal = await verifyAccessToken(token);
    const versionAfter = keySet === undefined ? undefined : keySetVersion();
    if (keySet !== undefined && (isPending(versionAfter) ? await versionAfter : versionAfter) === keySet) remember(key, principal, keySet);
    return principal;
  };

  return { verify, size: () => ({ entries: entries.size, bytes }) };
}

/** Whether the key set's version must be awaited: an `await` of a plain value still costs a trip through the microtask queue. */
function isPending(version: ReturnType<ReadKeySetVersion>): version is Promise<string | undefined> {
  return typeof version === 'object';
}

interface Remembered {
  readonly key: string;
  readonly entry: Entry;
}

/**
 * The entries in the order they were remembered, oldest first. The map alone keeps that order, but
 * finding its oldest entry walks over the slots of every entry deleted since the map last compacted
 * itself: thousands, once the cache is full and each new token evicts one.
 * Entries removed from the map otherwise (expired, another key set) are skipped when they come up.
 */
function createEvictionOrder(entries: ReadonlyMap<string, Entry>, maxEntries: number) {
  let queue: Remembered[] = [];
  let head = 0;
  return {
    append(key: string, entry: Entry): void {
      queue.push({ key, entry });
      // Keeps the queue within a few times the map's bound, whatever removals left behind.
      if (queue.length - head > 2 * maxEntries + 64) {
        queue = [...entries].map(([liveKey, liveEntry]) => ({ key: liveKey, entry: liveEntry }));
        head = 0;
      } else if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
    },
    /** The oldest entry still in the map, if any. */
    oldest(): Remembered | undefined {
      while (head < queue.length) {
        const first = queue[head]!;
        if (entries.get(first.key) === first.entry) return first;
        head++;
      }
      return undefined;
    },
  };
}

/**
 * What an entry holds, roughly, in bytes: its strings at two bytes a character, plus a fixed share
 * for the key, the objects and the map's slot. An estimate, on the high side, so the bound holds.
 */
export function estimateEntryBytes(principal: Principal): number {
  const strings = [
    principal.sub,
    principal.name,
    principal.nameSource,
    principal.rolesClaim.status,
    principal.dpopJkt ?? '',
    ...principal.roles,
    ...principal.rolesClaim.names,
    ...principal.rolesClaim.tokenClaimNames,
  ];
  const listed = principal.roles.length + principal.rolesClaim.names.length + principal.rolesClaim.tokenClaimNames.length;
  return 400 + strings.reduce((total, text) => total + 2 * text.length + 16, 0) + 8 * listed;
}
