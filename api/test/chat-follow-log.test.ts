/**
 * How a stream follows the event log (`followEventLog`), with a log whose timing the test controls:
 * events published while the log is being read are sent exactly once, in order, before `ready`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatEventType, type ChatMessage } from '@app/contracts';
import { createInMemoryChatEventHub } from '../src/chat/event-hub.ts';
import { CHAT_STREAM_SETTINGS, type EventStream, type StreamEnd } from '../src/chat/event-stream.ts';
import { followEventLog } from '../src/chat/follow-event-log.ts';
import type { SseEvent } from '../src/chat/sse.ts';
import type { ChatEventLog, ChatLoggedEvent, EventLogPage } from '../src/storage/storage.ts';

const message = (id: number): ChatMessage => ({
  id: `m${id}`,
  roomId: 'r1',
  author: { sub: 'bob', name: 'Bob' },
  body: `message ${id}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  editedAt: null,
});
const event = (id: number): ChatLoggedEvent => ({ id, type: ChatEventType.MessageCreated, data: message(id) });

/** A stream that records what it is sent. */
function recordingStream(): EventStream & { sent: SseEvent[] } {
  const sent: SseEvent[] = [];
  return { sent, send: (e) => sent.push(e), drained: async () => undefined, end: () => undefined, ended: false, onEnd: () => undefined };
}

/** A log holding events 1..head; `duringRead` runs inside each read, as a concurrent post would. */
function logOf(events: () => ChatLoggedEvent[], duringRead: (after: number) => void = () => undefined): ChatEventLog {
  return {
    eventLogPosition: async () => ({ head: events().at(-1)?.id ?? 0, prunedThrough: 0 }),
    countEventsAfter: async (after) => events().filter((e) => e.id > after).length,
    readEventsAfter: async (after, limit): Promise<EventLogPage> => {
      duringRead(after);
      const page = events().filter((e) => e.id > after).slice(0, limit);
      return { events: page, through: page.at(-1)?.id ?? after, more: page.length === limit };
    },
    pruneChat: async () => ({ events: 0, keys: 0 }),
  };
}

const idsOf = (sent: SseEvent[]) => sent.map((e) => `${e.type}:${e.id ?? ''}`);

describe('following the event log', () => {
  it('sends an event published while the log is read once, though both the log and the hub have it', async () => {
    const hub = createInMemoryChatEventHub();
    const logged = [event(1), event(2)];
    const log = logOf(() => logged, () => {
      if (logged.length === 2) {
        logged.push(event(3));
        hub.publish(event(3));
      }
    });
    const stream = recordingStream();
    await followEventLog(stream, 0, { log, hub, settings: CHAT_STREAM_SETTINGS, readerSub: 'alice' });
    assert.deepEqual(idsOf(stream.sent), ['message.created:1', 'message.created:2', 'message.created:3', 'ready:3']);
  });

  it('sends an event published after the last page was read, before ready, and live ones after', async () => {
    const hub = createInMemoryChatEventHub();
    const logged = [event(1), event(2), event(3)];
    let reads = 0;
    const log = logOf(() => logged.slice(0, 3), () => {
      reads += 1;
      if (reads === 2) hub.publish(event(4));
    });
    const stream = recordingStream();
    await followEventLog(stream, 0, { log, hub, settings: { ...CHAT_STREAM_SETTINGS, replayPageSize: 2 }, readerSub: 'alice' });
    hub.publish(event(5));
    hub.publish(event(5));
    assert.deepEqual(idsOf(stream.sent), [
      'message.created:1', 'message.created:2', 'message.created:3', 'message.created:4', 'ready:4', 'message.created:5',
    ]);
  });

  it('starts at the head without Last-Event-ID: ready first, nothing replayed', async () => {
    const hub = createInMemoryChatEventHub();
    const stream = recordingStream();
    await followEventLog(stream, undefined, { log: logOf(() => [event(1), event(2)]), hub, settings: CHAT_STREAM_SETTINGS, readerSub: 'alice' });
    assert.deepEqual(idsOf(stream.sent), ['ready:2']);
  });

  it('resets a client further behind than the replay limit, rather than replaying it all', async () => {
    const hub = createInMemoryChatEventHub();
    const stream = recordingStream();
    const log = logOf(() => [event(1), event(2), event(3)]);
    await followEventLog(stream, 0, { log, hub, settings: { ...CHAT_STREAM_SETTINGS, maxReplayEvents: 2 }, readerSub: 'alice' });
    assert.deepEqual(idsOf(stream.sent), ['reset:3', 'ready:3']);
  });

  it('stops listening to the hub when the stream ends', async () => {
    const hub = createInMemoryChatEventHub();
    let endListener: ((reason: StreamEnd) => void) | undefined;
    const stream: EventStream = {
      ...recordingStream(),
      onEnd: (listener) => {
        endListener = listener;
      },
    };
    await followEventLog(stream, undefined, { log: logOf(() => []), hub, settings: CHAT_STREAM_SETTINGS, readerSub: 'alice' });
    assert.equal(hub.listenerCount(), 1);
    endListener?.('client-gone');
    assert.equal(hub.listenerCount(), 0);
  });
});
