/**
 * Remembers the last failure to reach the IdP, so that while it is down we answer 503 at once
 * instead of letting every request wait on (and pile onto) a failing fetch.
 */
export interface RetryCooldown {
  /** Whole seconds until the next attempt is allowed; 0 when an attempt may be made now. */
  remainingSeconds(): number;
  failed(): void;
  succeeded(): void;
}

/** `now` reads `Date.now()` at each call (not a captured reference), so tests can move the clock. */
export function createRetryCooldown(durationMs: number, now: () => number = () => Date.now()): RetryCooldown {
  let failedAt: number | undefined;
  return {
    remainingSeconds: () => (failedAt === undefined ? 0 : Math.max(0, Math.ceil((failedAt + durationMs - now()) / 1000))),
    failed: () => {
      failedAt = now();
    },
    succeeded: () => {
      failedAt = undefined;
    },
  };
}
