import { once } from 'node:events';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { ChatEventType } from '@app/contracts';
import type { FastifyReply } from 'fastify';
import { atTime } from './at-time.ts';
import { formatSseEvent, SSE_HEARTBEAT, sseFrame, type SseEvent } from './sse.ts';

export interface ChatStreamSettings {
  /** A comment this often keeps proxies (most drop a connection silent for 60 s) from closing the stream. */
  readonly heartbeatMs: number;
  /**
   * A client that falls this many bytes behind (a stalled network, a sleeping laptop) has its stream
   * closed rather than its events piling up in memory; it resumes from `Last-Event-ID`.
   */
  readonly maxBufferedBytes: number;
  /** Events read from the log at a time while replaying. */
  readonly replayPageSize: number;
  /** A client further behind than this gets `reset`: reloading is then cheaper than replaying. */
  readonly maxReplayEvents: number;
}

export const CHAT_STREAM_SETTINGS: ChatStreamSettings = {
  heartbeatMs: 20_000,
  maxBufferedBytes: 1024 * 1024,
  replayPageSize: 500,
  maxReplayEvents: 10_000,
};

/** Why a stream ended, for the log. */
export type StreamEnd = 'token-expired' | 'client-gone' | 'too-far-behind' | 'too-many-streams' | 'server-closing' | 'failed';

/** One open `text/event-stream` response. */
export interface EventStream {
  /** Writes an event; does nothing once the stream has ended. */
  send(event: SseEvent): void;
  /** Resolves once the client has read what was written (or the stream ended). */
  drained(): Promise<void>;
  end(reason: StreamEnd): void;
  readonly ended: boolean;
  /** Runs once, when the stream ends for any reason (the client going away included); at once if it has. */
  onEnd(listener: (reason: StreamEnd) => void): void;
}

export interface OpenEventStreamOptions {
  readonly settings: ChatStreamSettings;
  /** When the access token that opened the stream stops being good (epoch ms). */
  readonly expiresAtMs: number;
}

/**
 * Starts a `text/event-stream` response through Fastify (so the security headers, `no-store` and
 * logging apply as to any answer) and keeps it: heartbeats, the end at token expiry
 * (`token-expired`, then close), the cut of a client too far behind.
 *
 * The connection closes with the stream (`Connection: close`): a stream only ends to be opened
 * again, and a connection left idle after it would hold up a graceful shutdown for the
 * keep-alive timeout. That close also ends the body (RFC 9112 §6.3), so the body is sent as it
 * is, not in chunks: once the first event has gone out with the headers, each event is written
 * straight to the socket, one write, rather than through the body stream and the response's
 * chunked framing (an event to 5,000 streams is 5,000 writes: each pass it saves counts).
 */
export function openEventStream(reply: FastifyReply, { settings, expiresAtMs }: OpenEventStreamOptions): EventStream {
  const body = new PassThrough();
  const ending = new AbortController();
  const endListeners: ((reason: StreamEnd) => void)[] = [];
  const timers: (() => void)[] = [];
  let endedBecause: StreamEnd | undefined;

  const end = (reason: StreamEnd): void => {
    if (endedBecause !== undefined) return;
    endedBecause = reason;
    ending.abort();
    for (const stop of timers) stop();
    // A client too far behind would have to read all that is queued before an orderly end:
    // the connection is cut instead, dropping the queue; it resumes from the last event it read.
    if (reason === 'too-far-behind') reply.raw.destroy();
    else body.end();
    for (const listener of endListeners) listener(reason);
  };
  /** The socket, once the headers and all the body stream held have gone to it: events then go there directly. */
  let socket: Socket | null = null;
  const directSocket = (): Socket | null => {
    const { raw } = reply;
    // Until Fastify has written the head and piped the body, and while the body holds anything, events queue behind.
    if (!raw.headersSent || body.readableFlowing !== true || body.writableLength + body.readableLength > 0) return null;
    raw.flushHeaders();
    return raw.socket;
  };
  const write = (chunk: string | Buffer): void => {
    // `endedBecause`, not the signal: this runs once per stream for every event.
    if (endedBecause !== undefined) return;
    socket ??= directSocket();
    if (socket !== null) socket.write(chunk);
    else body.write(chunk);
    const buffered = body.writableLength + body.readableLength + reply.raw.writableLength;
    if (buffered > settings.maxBufferedBytes) end('too-far-behind');
  };

  reply.raw.shouldKeepAlive = false;
  reply.raw.useChunkedEncodingByDefault = false;
  reply.raw.once('close', () => end('client-gone'));
  body.once('close', () => end('client-gone'));
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    // nginx and some other proxies buffer responses unless told not to; a buffered stream is not live.
    .header('x-accel-buffering', 'no')
    .send(body);

  const heartbeat = setInterval(() => write(SSE_HEARTBEAT), settings.heartbeatMs);
  heartbeat.unref();
  timers.push(() => clearInterval(heartbeat));
  timers.push(atTime(expiresAtMs, () => {
    write(formatSseEvent({ type: ChatEventType.TokenExpired, data: {} }));
    end('token-expired');
  }));

  return {
    send: (event) => write(sseFrame(event)),
    drained: async () => {
      if (ending.signal.aborted) return;
      const full = body.writableNeedDrain ? body : socket?.writableNeedDrain === true ? socket : undefined;
      if (full !== undefined) await once(full, 'drain', { signal: ending.signal }).catch(() => undefined);
    },
    end,
    get ended() {
      return ending.signal.aborted;
    },
    onEnd: (listener) => {
      if (endedBecause === undefined) endListeners.push(listener);
      else listener(endedBecause);
    },
  };
}
