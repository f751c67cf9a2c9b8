import { ChatEventType } from '@app/contracts';
import type { ChatLiveEvent } from './event-hub.ts';
import type { SseEvent } from './sse.ts';

/** What every reader but the author is sent of each live event: one object, so its frame is made once (sse.ts). */
const forEveryone = new WeakMap<ChatLiveEvent, SseEvent>();

/**
 * What one reader's stream sends of an event. A live `message.created` carries the
 * `Idempotency-Key` of the post that made it to the post's author only: the author's app matches
 * the event to the copy it is still sending by that key, so two equal messages sent quickly are
 * never confused. Nobody else's stream carries another user's key.
 *
 * Every other reader of the same event gets the same object, so the hub's fan-out to thousands of
 * streams serialises the event once, not once per stream.
 */
export function eventForReader(event: ChatLiveEvent, readerSub: string): SseEvent {
  const { id, type, data } = event;
  if (type === ChatEventType.MessageCreated && event.idempotencyKey !== undefined && data.author.sub === readerSub) {
    return { id, type, data: { ...data, idempotencyKey: event.idempotencyKey } };
  }
  let shared = forEveryone.get(event);
  if (shared === undefined) {
    shared = { id, type, data };
    forEveryone.set(event, shared);
  }
  return shared;
}
