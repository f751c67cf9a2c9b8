/**
 * How long to wait before trying again after a failure: the one backoff rule of the app, used by
 * the session's renewal while the IdP is down, the chat's live stream and its outbox. Each names
 * its own {@link Backoff}.
 */
export interface Backoff {
  /** The wait before the first retry (ms); it doubles at each failure after that. */
  readonly firstMs: number;
  /** The longest wait (ms). */
  readonly maxMs: number;
  /**
   * At most this share of the wait is taken off at random (0.2: up to a fifth), so clients that
   * failed together do not all come back at the same moment. None by default.
   */
  readonly jitter?: number;
}

/** The wait before the `attempt`-th retry (from 1): `firstMs`, doubled each time, up to `maxMs`, less the jitter. */
export function backoffDelayMs(attempt: number, { firstMs, maxMs, jitter = 0 }: Backoff, random: number = Math.random()): number {
  const base = Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - random * jitter));
}
