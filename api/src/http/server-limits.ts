import type { ServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

/**
 * What one HTTP connection may cost us: how long a request may take to arrive, how long an idle
 * connection stays open, how large its headers may be. Node's defaults are wrong for an exposed
 * server: `requestTimeout` is 0 under Fastify, so a client trickling a body holds a socket forever.
 */
export interface ServerLimits {
  /** Time to receive a whole request, headers and body (then 408). */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers (slowloris); at most `requestTimeoutMs`. */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; must exceed that of any proxy in front. */
  readonly keepAliveTimeoutMs: number;
  /** How often Node looks for requests past their timeouts (Node's default, 30 s, makes the two above late by up to that). */
  readonly timeoutCheckIntervalMs: number;
  /** All request headers together, in bytes (then 431). Room for large access tokens, not for abuse. */
  readonly maxHeaderBytes: number;
}

export const SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 72_000,
  timeoutCheckIntervalMs: 2_000,
  maxHeaderBytes: 16 * 1024,
};

/** The limits as Fastify and Node's `http.createServer` take them. */
export function serverLimitOptions(
  limits: ServerLimits,
): Pick<FastifyServerOptions, 'requestTimeout' | 'keepAliveTimeout'> & { http: ServerOptions } {
  return {
    // Fastify copies these two onto the server after creating it, over anything in `http`.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
    },
  };
}
