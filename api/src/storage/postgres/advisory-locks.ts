/**
 * The app's PostgreSQL advisory locks, in one place so no two uses share a key. Single `bigint`
 * keys; the two-`int4` form (the idempotency-key locks) is a separate key space.
 */
export const ADVISORY_LOCK = {
  /** Held (per session) while one instance migrates; the others wait for it. */
  migrations: 7_306_240_001,
  /**
   * Held (per transaction) from appending to `chat_events` until commit: events commit in `seq`
   * order, so a reader that sees event n has every event before it too.
   */
  chatEvents: 7_306_240_002,
  /** With a hash of (user, key) as the second `int4`: one post per `Idempotency-Key` at a time. */
  idempotencyKeys: 730_624,
} as const;

/** The channel `NOTIFY` tells every instance's listener of a new event on (payload: its `seq`, then a space and the post's `Idempotency-Key` if a post made it). */
export const CHAT_EVENTS_CHANNEL = 'teamspace_chat_events';
