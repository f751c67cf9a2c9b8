import type { ChatEventLog } from '../storage/storage.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long the chat keeps what it keeps only for a while. */
export interface ChatRetention {
  /**
   * Events a client can resume from. A client away for longer (a laptop closed over a long
   * weekend) gets `reset` and reloads: nothing is lost, it is only slower.
   */
  readonly eventsMs: number;
  /** `Idempotency-Key`s: a retry later than this makes a new message (the draft leaves expiry to the server). */
  readonly idempotencyKeysMs: number;
  /** How often to prune. */
  readonly everyMs: number;
}

export const CHAT_RETENTION: ChatRetention = {
  eventsMs: 7 * DAY_MS,
  idempotencyKeysMs: DAY_MS,
  everyMs: HOUR_MS,
};

/**
 * Prunes the event log and the idempotency keys now and then every `everyMs`.
 * @returns the function that stops it.
 */
export function schedulePruning(
  log: ChatEventLog,
  retention: ChatRetention,
  onDone: (outcome: { events: number; keys: number } | { error: unknown }) => void,
): () => void {
  const prune = (): void => {
    const now = Date.now();
    log
      .pruneChat({ eventsBefore: new Date(now - retention.eventsMs), keysBefore: new Date(now - retention.idempotencyKeysMs) })
      .then(onDone, (error: unknown) => onDone({ error }));
  };
  prune();
  const timer = setInterval(prune, retention.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
