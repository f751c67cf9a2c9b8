import type { CreatedMessage } from '@app/contracts';
import { backoffDelayMs, type Backoff } from '../network/backoff';
import type { ApiFailure } from './api-failure';

/**
 * Messages this tab is sending: the optimistic-send state machine.
 *
 * ```
 * queue ─▶ sending ─ posted ──────────────▶ (gone: the message is in the room)
 *             │  ▲
 *        failed  retry (same Idempotency-Key)
 *             ▼  │
 *           failed ── unreachable / 5xx: retried by itself after a backoff
 *                  ── 429: retried by itself after Retry-After
 *                  ── refused (400, 409, 422…): waits for the user (Retry or Discard)
 * ```
 *
 * A message keeps its `Idempotency-Key` for its whole life, so however many times it is retried
 * (the post may have been made before the connection failed), the API makes it once.
 */
export interface OutgoingMessage {
  /** The `Idempotency-Key`, the same on every retry. */
  readonly key: string;
  readonly roomId: string;
  /** The text, normalised as the API keeps it. */
  readonly body: string;
  readonly queuedAt: number;
  /** Posts tried so far, this one included. */
  readonly attempts: number;
  readonly status: OutgoingStatus;
  /**
   * The id of the message the live stream showed for this post before the post answered: the
   * room shows that one, so this stays hidden (nothing shows twice).
   */
  readonly echoedAs: string | null;
}

export type OutgoingStatus =
  | { readonly kind: 'sending' }
  | {
      readonly kind: 'failed';
      readonly failure: ApiFailure;
      /** When it is retried by itself (ms since the epoch), or `null`: only when the user asks. */
      readonly retryAt: number | null;
    };

export type Outbox = readonly OutgoingMessage[];

/** Waits between automatic retries after a network failure or a 5xx: 1, 2, 4, 8, then every 15 s. */
export const POST_RETRY_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 15_000 };

export function queueMessage(outbox: Outbox, message: { key: string; roomId: string; body: string }, now: number): Outbox {
  return [...outbox, { ...message, queuedAt: now, attempts: 1, status: { kind: 'sending' }, echoedAs: null }];
}

/** The post answered 200 or 201: the message is in the room now. */
export function messageSent(outbox: Outbox, key: string): Outbox {
  return outbox.filter((message) => message.key !== key);
}

export function sendFailed(outbox: Outbox, key: string, failure: ApiFailure, now: number): Outbox {
  return update(outbox, key, (message) => ({
    ...message,
    // The stream showed a message like this one, and the post failed on the way back (the answer was
    // lost): it was most likely made, so it stays hidden while the retry (same key) makes sure.
    echoedAs: failure.kind === 'unreachable' || failure.kind === 'unavailable' ? message.echoedAs : null,
    status: { kind: 'failed', failure, retryAt: automaticRetryAt(failure, message.attempts, now) },
  }));
}

/** Sends a failed message again, with its key. */
export function retryMessage(outbox: Outbox, key: string): Outbox {
  return update(outbox, key, (message) =>
    message.status.kind === 'failed' ? { ...message, attempts: message.attempts + 1, status: { kind: 'sending' } } : message,
  );
}

/** The user gave up on a message that was not sent. */
export function discardMessage(outbox: Outbox, key: string): Outbox {
  return outbox.filter((message) => message.key !== key || message.status.kind !== 'failed');
}

/** The failed messages whose automatic retry time has come, oldest first. */
export function dueForRetry(outbox: Outbox, now: number): OutgoingMessage[] {
  return outbox.filter((message) => message.status.kind === 'failed' && message.status.retryAt !== null && message.status.retryAt <= now);
}

/** When the next automatic retry is due, if any. */
export function nextRetryAt(outbox: Outbox): number | null {
  const times = outbox.flatMap((message) => (message.status.kind === 'failed' && message.status.retryAt !== null ? [message.status.retryAt] : []));
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * The server is reachable again (the live stream is back): messages that failed for want of it
 * are retried now rather than at the end of their backoff. A 429's wait is kept.
 */
export function retryUnreachableNow(outbox: Outbox, now: number): Outbox {
  return outbox.map((message) =>
    message.status.kind === 'failed' && message.status.retryAt !== null && message.status.failure.kind !== 'rate-limited'
      ? { ...message, status: { ...message.status, retryAt: Math.min(now, message.status.retryAt) } }
      : message,
  );
}

/**
 * A `message.created` event that carries the `Idempotency-Key` of one of this tab's posts (the API
 * sends a post's key to its author's own streams only): if that post is still waiting for its
 * answer, it hides, so the message shows once. Its answer removes it. Matched by key, never by
 * text: two equal messages sent quickly are two posts.
 */
export function noteEcho(outbox: Outbox, message: CreatedMessage): Outbox {
  const { idempotencyKey } = message;
  if (idempotencyKey === undefined) return outbox;
  return update(outbox, idempotencyKey, (outgoing) => (outgoing.status.kind === 'sending' && outgoing.echoedAs === null ? { ...outgoing, echoedAs: message.id } : outgoing));
}

/** What a room shows of the outbox, oldest first. */
export function outgoingIn(outbox: Outbox, roomId: string): OutgoingMessage[] {
  return outbox.filter((message) => message.roomId === roomId && message.echoedAs === null);
}

function automaticRetryAt(failure: ApiFailure, attempts: number, now: number): number | null {
  switch (failure.kind) {
    case 'rate-limited':
      return now + (failure.retryAfterS ?? 1) * 1_000;
    case 'unreachable':
    case 'unavailable':
      return now + Math.max(backoffDelayMs(attempts, POST_RETRY_BACKOFF), (failure.retryAfterS ?? 0) * 1_000);
    case 'refused':
      return null;
  }
}

function update(outbox: Outbox, key: string, change: (message: OutgoingMessage) => OutgoingMessage): Outbox {
  return outbox.map((message) => (message.key === key ? change(message) : message));
}
