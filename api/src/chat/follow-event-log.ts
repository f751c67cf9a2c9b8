import { ChatEventType } from '@app/contracts';
import type { ChatEventLog } from '../storage/storage.ts';
import type { ChatEventHub, ChatLiveEvent } from './event-hub.ts';
import type { ChatStreamSettings, EventStream } from './event-stream.ts';
import { eventForReader } from './own-echo.ts';

export interface FollowOptions {
  readonly log: ChatEventLog;
  readonly hub: ChatEventHub;
  readonly settings: ChatStreamSettings;
  /** Whose stream it is (`sub`): their own posts' events carry the post's key (own-echo.ts). */
  readonly readerSub: string;
}

/**
 * Feeds a stream: first the events logged after `lastEventId` (or `reset` when they are no longer
 * all kept), then `ready`, then every new event as the hub publishes it, each event exactly once
 * and in order.
 *
 * The stream listens to the hub *before* reading the log, and holds what the hub says until the
 * replay is done: an event published meanwhile is either in what the log returns or in what was
 * held, never in neither; one in both is sent once (by id).
 *
 * A client that sends no `Last-Event-ID` starts at the log's head: it loads rooms and history after
 * `ready`, so it missed nothing.
 */
export async function followEventLog(stream: EventStream, lastEventId: number | undefined, { log, hub, settings, readerSub }: FollowOptions): Promise<void> {
  const held: ChatLiveEvent[] = [];
  let position = 0;
  let live = false;
  const sendOnce = (event: ChatLiveEvent): void => {
    if (event.id <= position) return;
    position = event.id;
    stream.send(eventForReader(event, readerSub));
  };
  const stopListening = hub.subscribe((event) => (live ? sendOnce(event) : held.push(event)));
  stream.onEnd(stopListening);

  const { head, prunedThrough } = await log.eventLogPosition();
  if (lastEventId === undefined) {
    position = head;
  } else if (await mustReset(lastEventId, { head, prunedThrough }, log, settings)) {
    stream.send({ id: head, type: ChatEventType.Reset, data: {} });
    position = head;
  } else {
    position = await replay(stream, lastEventId, log, settings);
  }
  if (stream.ended) return;
  for (const event of held.splice(0)) sendOnce(event);
  live = true;
  stream.send({ id: position, type: ChatEventType.Ready, data: {} });
}

/**
 * The client cannot be brought up to date by replaying: events after its id were pruned, its id
 * is from another database (ahead of ours: the file was replaced or restored), or it is so far
 * behind that reloading is cheaper.
 */
async function mustReset(
  lastEventId: number,
  { head, prunedThrough }: { head: number; prunedThrough: number },
  log: ChatEventLog,
  settings: ChatStreamSettings,
): Promise<boolean> {
  if (lastEventId < prunedThrough || lastEventId > head) return true;
  return (await log.countEventsAfter(lastEventId)) > settings.maxReplayEvents;
}

/**
 * Sends the logged events after `after`, a page at a time, waiting for a slow client between pages.
 * @returns the id it got to.
 */
async function replay(stream: EventStream, after: number, log: ChatEventLog, settings: ChatStreamSettings): Promise<number> {
  let through = after;
  for (;;) {
    const page = await log.readEventsAfter(through, settings.replayPageSize);
    for (const event of page.events) stream.send(event);
    through = page.through;
    if (!page.more || stream.ended) return through;
    await stream.drained();
  }
}
