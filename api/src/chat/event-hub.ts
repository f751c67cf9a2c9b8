import type { ChatLoggedEvent } from '../storage/storage.ts';

/**
 * A logged event as the hub carries it live. A `message.created` that a post made also carries
 * the post's `Idempotency-Key`, which only the author's own streams receive (own-echo.ts), so the
 * author's app matches it to the copy it is still sending. Events replayed from the log carry no
 * key; a hub that carries events between instances by reading them back from the log loses it too,
 * and the author's app then waits for the post's own answer.
 */
export type ChatLiveEvent = ChatLoggedEvent & { readonly idempotencyKey?: string };

export type ChatEventListener = (event: ChatLiveEvent) => void;

/**
 * Fans the chat's events out to the live streams. An event is first written to the database's
 * event log (that is what `Last-Event-ID` resumes from); the hub only tells the open streams now.
 *
 * One process needs no more than {@link createInMemoryChatEventHub}. With several instances
 * (PostgreSQL), an implementation of this same interface would `NOTIFY` on publish (the event's
 * seq is enough) and, on each instance, `LISTEN` and hand the events read from the log to its
 * listeners; streams and routes would not change.
 */
export interface ChatEventHub {
  /** Tells every listener, synchronously, in order. A listener that throws is dropped, not the others. */
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
