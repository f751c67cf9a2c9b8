import { ChatApiPath, ChatEventType } from '@app/contracts';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { principalOf } from '../../auth/auth-plugin.ts';
import { BEARER_ONLY, type ChallengeScope } from '../../auth/challenge.ts';
import { InvalidTokenError } from '../../auth/errors.ts';
import type { Principal } from '../../auth/verify-access-token.ts';
import { ShuttingDownError } from '../../chat/chat-errors.ts';
import { openEventStream, type ChatStreamSettings, type EventStream } from '../../chat/event-stream.ts';
import { followEventLog } from '../../chat/follow-event-log.ts';
import { parseLastEventId } from '../../chat/last-event-id.ts';
import type { StreamCounter } from '../../chat/stream-caps.ts';
import { ERROR_RESPONSES } from '../../http/error-handler.ts';
import type { ChatEventLog } from '../../storage/storage.ts';
import { CHAT_ROLE, type ChatRouteOptions } from './route-options.ts';

export interface EventRouteOptions extends ChatRouteOptions {
  readonly log: ChatEventLog;
  readonly settings: ChatStreamSettings;
  /** The live-stream caps per user, per address and per instance (`CHAT_STREAMS_*`). */
  readonly caps: StreamCounter;
}

/**
 * `GET /api/chat/events`: the live stream of every room's events (server-sent events), authorised
 * like any API request, by the `Authorization` header: the SPA reads it with `fetch`, because
 * `EventSource` cannot send headers, and a token never goes in a URL (RFC 6750 §5.3).
 *
 * The stream ends when the token that opened it expires (`token-expired`), when the server shuts
 * down (before it waits for requests to finish, so shutdown is not held up), or when the client
 * falls too far behind; the client reconnects with a fresh token and `Last-Event-ID`. A user who
 * opens more streams than `CHAT_STREAMS_PER_USER` closes their oldest (`too-many-streams`, which
 * the client does not reconnect from by itself); an address or an instance at its cap is refused
 * (429 `too_many_streams`, 503 `streams_full`, both with `Retry-After`).
 *
 * No HEAD route: a HEAD would open a stream with no body to carry it.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<EventRouteOptions> = async (app, { hub, log, settings, caps }) => {
  const open = new Set<EventStream>();
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    for (const stream of open) stream.end('server-closing');
  });

  app.get(
    ChatApiPath.Events,
    { config: CHAT_ROLE, exposeHeadRoute: false, schema: { response: ERROR_RESPONSES } },
    async (request, reply) => {
      const principal = principalOf(request);
      requireTimeLeft(principal, request.authChallenge);
      const lastEventId = parseLastEventId(request.headers['last-event-id']);
      // A stream opened now (on a connection kept alive) would outlive the shutdown's last look.
      if (closing) throw new ShuttingDownError();
      // Before the 200: with the database down, the client gets 503 and Retry-After, not a stream
      // that ends at once.
      await log.eventLogPosition();

      // Nothing awaits between taking the place and opening the stream: the caps hold under concurrency.
      const slot = caps.reserve(principal.sub, normalizeIP(request.ip));
      const stream = openEventStream(reply, { settings, expiresAtMs: principal.expiresAtMs });
      open.add(stream);
      slot.onEvicted((limit) => {
        stream.send({ type: ChatEventType.TooManyStreams, data: { limit } });
        stream.end('too-many-streams');
      });
      stream.onEnd((reason) => {
        slot.release();
        open.delete(stream);
        logStreamEnd(request.log, reason);
      });
      followEventLog(stream, lastEventId, { log, hub, settings, readerSub: principal.sub }).catch((error: unknown) => {
        request.log.error({ err: error }, 'chat event stream failed');
        stream.end('failed');
      });
      return reply;
    },
  );
};

/**
 * A token past its `exp` is still let in by the guard for a few seconds (clock skew). A stream it
 * opened would end at once with `token-expired`, and a client that reconnects with the same token
 * would loop: refused as the expired token it is (401 `invalid_token`), the client renews first.
 * @throws {InvalidTokenError}
 */
function requireTimeLeft(principal: Principal, challenge: ChallengeScope | null): void {
  if (principal.expiresAtMs <= Date.now()) {
    throw new InvalidTokenError('The access token has expired; a live stream needs a token with time left', 'expired').within(challenge ?? BEARER_ONLY);
  }
}

function logStreamEnd(log: FastifyBaseLogger, reason: string): void {
  if (reason === 'failed') return;
  log.debug({ reason }, 'chat event stream ended');
}
