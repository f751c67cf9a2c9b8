import type { FastifyPluginAsync } from 'fastify';
import type { ChatEventHub } from '../../chat/event-hub.ts';
import type { ChatStreamSettings } from '../../chat/event-stream.ts';
import { schedulePruning, type ChatRetention } from '../../chat/retention.ts';
import { createStreamCounter, type StreamCaps } from '../../chat/stream-caps.ts';
import type { ActionCounter, ChatEventLog, ChatStore } from '../../storage/storage.ts';
import { eventRoutes } from './events.ts';
import { messageRoutes } from './messages.ts';
import { readMarkerRoutes } from './read-marker.ts';
import { roomRoutes } from './rooms.ts';

export interface ChatOptions {
  readonly store: ChatStore & ChatEventLog & ActionCounter;
  readonly hub: ChatEventHub;
  /** `RATE_LIMIT_CHAT_POSTS`: messages one user may post, edit or delete per minute, together. */
  readonly writesPerMinute: number;
  /** `RATE_LIMIT_ROOMS_PER_DAY`: rooms one user may create in a day. */
  readonly roomsPerDay: number;
  /** `CHAT_STREAMS_*`: live streams per user, per address, per instance. */
  readonly streamCaps: StreamCaps;
  readonly stream: ChatStreamSettings;
  readonly retention: ChatRetention;
}

/**
 * The chat API, role `chat` on every route. Writes go to the store, which logs an event for each
 * in the same transaction; the route then publishes it on the hub, which hands it to the open
 * event streams. Identity (author, reader) comes from the access token only.
 */
export const chatRoutes: FastifyPluginAsync<ChatOptions> = async (app, options) => {
  const { store, hub, writesPerMinute, roomsPerDay, streamCaps, stream, retention } = options;
  await app.register(roomRoutes, { store, hub, counter: store, roomsPerDay });
  await app.register(messageRoutes, { store, hub, counter: store, writesPerMinute });
  await app.register(readMarkerRoutes, { store, hub });
  await app.register(eventRoutes, { store, hub, log: store, settings: stream, caps: createStreamCounter(streamCaps) });

  const stopPruning = schedulePruning(store, retention, (outcome) => {
    if ('error' in outcome) app.log.error({ err: outcome.error }, 'pruning the chat event log failed');
    else app.log.debug(outcome, 'pruned the chat event log and idempotency keys');
  });
  app.addHook('onClose', async () => stopPruning());
};
