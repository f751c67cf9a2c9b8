import type { ChatLoggedEvent } from '../storage/storage.ts';

/**
 * A logged event as the hub carries it live. A `message.created` that a post made also carries
 * the post's `Idempotency-Key`, which only the author's own streams receive (own-echo.ts), so the
 * author's app matches it to the copy it is still sending. Events replayed from the log carry no
 * key. With several instances (PostgreSQL), the key travels with the event's notification, never
 * in the log, and every instance gives it back to the event it reads from the log.
 */
export type ChatLiveEvent = ChatLoggedEvent & { readonly idempotencyKey?: string };

export type ChatEventListener = (event: ChatLiveEvent) => void;

/**
 * Fans the chat's events out to the live streams. An event is first written to the database's
 * event log (that is what `Last-Event-ID` resumes from); the hub only tells the open streams now.
 *
 * One process needs no more than {@link createInMemoryChatEventHub} (SQLite). With several
 * instances (PostgreSQL), `storage/postgres/chat-event-hub.ts` implements this same interface: the
 * write's transaction `NOTIFY`s the event's seq, and each instance `LISTEN`s and hands the events
 * it reads from the log to its listeners; streams and routes are the same.
 *
 * Either way, listeners get each event once, in log order (growing ids): `followEventLog` relies
 * on it. The storage gives the hub (`Storage.chatEvents`): which one depends on the database.
 */
export interface ChatEventHub {
  /**
   * Says that `event` is in the log (committed). In memory: tells every listener, synchronously, in
   * order; a listener that throws is dropped, not the others. On PostgreSQL: the hub reads the log
   * now, and every instance's listeners get the event (the other instances when its notification
   * wakes them, the post's key with it).
   */
  publish(event: ChatLiveEvent): void;
  /** @returns the function that stops listening. */
  subscribe(listener: ChatEventListener): () => void;
  /** How many listeners (open streams) there are now. */
  listenerCount(): number;
}

export function createInMemoryChatEventHub(): ChatEventHub {
  const listeners = new Set<ChatEventListener>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          listeners.delete(listener);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}
