/**
 * The memory of DPoP proofs already used (RFC 9449 §11.1): each proof's `jti`, for as long as the
 * proof could still be accepted. A proof seen twice is a replay.
 *
 * It is bounded, and it never forgets an entry before its time: when it is full of proofs still in
 * their window, new proofs are refused ({@link ReplayCacheFullError}, 503) rather than an old entry
 * evicted. An eviction policy (LRU, random) would let a flood of fresh proofs push out the `jti` of
 * a captured proof, which could then be replayed; refusing fails closed. Only proofs that passed
 * every other check, with an access token the IdP signed and bound to the proof's key, are
 * recorded, so filling it takes valid sessions, which the per-address and per-user rate limits
 * slow down (SECURITY.md sizes it).
 *
 * One process: with several instances, each has its own memory, and a proof replayed to another
 * instance within its window is not caught there (SECURITY.md: residual risk).
 */
import { ReplayCacheFullError } from '../errors.ts';

/** Proofs remembered at most: about 20 MB when full (measured). */
export const REPLAY_CACHE_CAPACITY = 100_000;

export interface ReplayCacheOptions {
  /** How long an entry must be kept: as long as its proof could still be accepted. */
  readonly retentionMs: number;
  readonly capacity?: number;
  /** A monotonic clock in milliseconds (`performance.now` by default), so wall-clock changes cannot age entries. */
  readonly now?: () => number;
}

export interface ReplayCache {
  /**
   * Remembers `jti`: `true` the first time, `false` when it was already seen (a replay).
   * @throws {ReplayCacheFullError} when it is full of unexpired entries (the proof is then not accepted).
   */
  record(jti: string): boolean;
  /** How many entries it holds now. */
  readonly size: number;
}

export function createReplayCache({ retentionMs, capacity = REPLAY_CACHE_CAPACITY, now = () => performance.now() }: ReplayCacheOptions): ReplayCache {
  // Insertion order is expiry order (each entry lives `retentionMs` from when it was recorded), so
  // expired entries are always at the front.
  const expiries = new Map<string, number>();

  const forgetExpired = (at: number): void => {
    for (const [jti, expiresAt] of expiries) {
      if (expiresAt > at) return;
      expiries.delete(jti);
    }
  };

  return {
    record(jti) {
      const at = now();
      forgetExpired(at);
      if (expiries.has(jti)) return false;
      if (expiries.size >= capacity) {
        const oldest = expiries.values().next().value ?? at;
        throw new ReplayCacheFullError(Math.ceil((oldest - at) / 1000));
      }
      expiries.set(jti, at + retentionMs);
      return true;
    },
    get size() {
      return expiries.size;
    },
  };
}
