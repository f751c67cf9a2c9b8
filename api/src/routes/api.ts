import type { FastifyPluginAsync } from 'fastify';
import type { Discovery } from '../auth/keys/discovery.ts';
import type { ChatEventHub } from '../chat/event-hub.ts';
import type { ChatStreamSettings } from '../chat/event-stream.ts';
import type { ChatRetention } from '../chat/retention.ts';
import type { AppConfig } from '../config.ts';
import type { Storage } from '../storage/storage.ts';
import { analyticsRoutes } from './analytics.ts';
import { chatRoutes } from './chat/chat.ts';
import { healthRoutes } from './health.ts';
import { meRoutes } from './me.ts';
import { publicConfigRoutes } from './public-config.ts';

export interface ApiOptions {
  readonly config: AppConfig;
  readonly discovery: Discovery | undefined;
  readonly storage: Storage;
  readonly chat: {
    readonly hub: ChatEventHub;
    readonly stream: ChatStreamSettings;
    readonly retention: ChatRetention;
  };
}

/**
 * The JSON API under `/api/`. Each route declares its `auth`; the auth plugin (registered by the
 * app before this) enforces it, and refuses at start a route that declares nothing. API answers
 * are personal or live: `no-store`.
 */
export const apiPlugin: FastifyPluginAsync<ApiOptions> = async (app, { config, discovery, storage, chat }) => {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  await app.register(healthRoutes, { storage });
  await app.register(publicConfigRoutes, { config, discovery });
  await app.register(meRoutes);
  const { roomsPerDay, streamsPerUser, streamsPerIp, streamsPerInstance } = config.chat;
  await app.register(chatRoutes, {
    store: storage,
    writesPerMinute: config.http.rateLimitChatPosts,
    roomsPerDay,
    streamCaps: { perUser: streamsPerUser, perAddress: streamsPerIp, perInstance: streamsPerInstance },
    ...chat,
  });
  await app.register(analyticsRoutes, { store: storage, database: config.database, limits: config.analytics });
};
