import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ActionCounter } from '../storage/storage.ts';

/** The window both limits count in. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Too many requests from one client address or one user: 429 with `Retry-After` (RFC 6585 §4). */
export class RateLimitedError extends Error {
  readonly code = 'ERR_RATE_LIMITED';
  readonly statusCode = 429;
  /** Seconds until the window resets. */
  readonly retryAfterSeconds: number;

  /** @param what the lead of the message, saying what was too much. */
  constructor(retryAfterSeconds: number, what = 'Too many requests') {
    super(`${what}, try again in ${retryAfterSeconds} seconds`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RateLimitOptions {
  /** Requests per window from one client address (`request.ip`; an IPv6 /64 counts as one). */
  readonly perIp: number;
  /** Requests per window with one user's valid tokens (`sub`). */
  readonly perUser: number;
}

/**
 * Two limits, counted in memory per instance by `@fastify/rate-limit`'s store (with several
 * instances, each counts its own: a client spread over two instances gets up to twice the limit;
 * they stop floods, not fair use):
 * - **per client address**, first thing in `onRequest` (registered before the auth plugin, so
 *   before any token is verified): floods of forged tokens cost a counter, not a signature check.
 *   The address is `request.ip`: the socket's peer, or with `TRUST_PROXY` the address the trusted
 *   proxies report in `X-Forwarded-For` (Fastify's `trustProxy`); a client's own
 *   `X-Forwarded-For` is not believed otherwise.
 * - **per user**, in `preParsing` (after the auth hook, before the body is read), for requests
 *   whose token was verified: one stolen token used from many addresses, or one user behind a NAT
 *   shared with colleagues.
 *
 * Registered before the auth plugin (hooks run in registration order). Applies to every route and
 * to not-found answers (SPA deep links included).
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, { perIp, perUser }) => {
    await app.register(fastifyRateLimit, { global: false });
    const byAddress = app.createRateLimit({ max: perIp, timeWindow: RATE_LIMIT_WINDOW_MS });
    const byUser = app.createRateLimit({
      max: perUser,
      timeWindow: RATE_LIMIT_WINDOW_MS,
      keyGenerator: (request) => `sub:${request.principal?.sub ?? ''}`,
    });

    app.addHook('onRequest', async (request) => {
      enforce(await byAddress(request));
    });
    app.addHook('preParsing', async (request) => {
      if (request.principal !== null) enforce(await byUser(request));
    });
  },
  { name: 'rate-limit', fastify: '5.x' },
);

export interface ActionLimit {
  /** Actions per {@link RATE_LIMIT_WINDOW_MS} for one user. */
  readonly max: number;
  /** Keeps this limit's counts apart from the others'. */
  readonly bucket: string;
  /** The lead of the 429 message: `You are sending messages too fast`. */
  readonly tooMany: string;
}

/**
 * A per-user limit on one action (posting a message), on top of the limits every request meets:
 * an `onRequest` hook for the routes that do it. Unlike the others, it is counted in the database
 * (`counter`), by `sub`, so it is global: every instance sharing the database counts the same
 * window, and a user cannot double the allowance by reaching two of them. It needs the principal,
 * so the route must declare auth (route hooks run after the auth plugin's).
 */
export function createActionLimit(counter: ActionCounter, { max, bucket, tooMany }: ActionLimit) {
  return async (request: FastifyRequest): Promise<void> => {
    const { count, resetInMs } = await counter.countAction(`${bucket}:${request.principal?.sub ?? ''}`, RATE_LIMIT_WINDOW_MS);
    if (count > max) throw new RateLimitedError(Math.max(1, Math.ceil(resetInMs / 1000)), tooMany);
  };
}

type Verdict = Awaited<ReturnType<ReturnType<FastifyRequest['server']['createRateLimit']>>>;

/** @throws {RateLimitedError} answered by the error handler as 429 with `Retry-After`. */
function enforce(verdict: Verdict, tooMany?: string): void {
  if (verdict.isAllowed || !verdict.isExceeded) return;
  throw new RateLimitedError(Math.max(1, verdict.ttlInSeconds), tooMany);
}
