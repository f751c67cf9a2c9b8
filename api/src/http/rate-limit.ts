import { ErrorCode } from '@app/contracts';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError, type Problem } from '../problem.ts';
import type { ActionCounter } from '../storage/storage.ts';

/** The window every limit counts in. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Too many requests from one client address or one user: 429 with `Retry-After` (RFC 6585 §4). */
export class RateLimitedError extends ProblemError {
  readonly code = 'ERR_RATE_LIMITED';
  /** Seconds until the window resets. */
  readonly retryAfterSeconds: number;

  /** @param what the lead of the message, saying what was too much. */
  constructor(retryAfterSeconds: number, what = 'Too many requests') {
    super(`${what}, try again in ${describeWait(retryAfterSeconds)}`);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  toProblem(): Problem {
    return {
      statusCode: 429,
      headers: { 'retry-after': String(this.retryAfterSeconds) },
      body: { error: ErrorCode.TooManyRequests, message: this.message },
      log: { level: 'info', fields: { error: ErrorCode.TooManyRequests }, message: 'request refused: rate limit' },
    };
  }
}

export interface RateLimitOptions {
  /** Requests per window from one client address (`request.ip`; an IPv6 /64 counts as one). */
  readonly perIp: number;
}

/**
 * The limit per client address, counted in memory per instance by `@fastify/rate-limit`'s store
 * (with several instances, each counts its own: a client spread over two instances gets up to
 * twice the limit; it stops floods, not fair use), first thing in `onRequest`: registered before
 * the auth plugin, so before any token is verified, floods of forged tokens cost a counter, not a
 * signature check. The address is `request.ip`: the socket's peer, or with `TRUST_PROXY` the
 * address the trusted proxies report in `X-Forwarded-For` (Fastify's `trustProxy`); a client's own
 * `X-Forwarded-For` is not believed otherwise. Applies to every route and to not-found answers
 * (SPA deep links included).
 *
 * Also makes `app.createRateLimit` available for the limit per user ({@link createUserLimit}).
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, { perIp }) => {
    await app.register(fastifyRateLimit, { global: false });
    const byAddress = app.createRateLimit({ max: perIp, timeWindow: RATE_LIMIT_WINDOW_MS });
    app.addHook('onRequest', async (request) => {
      enforce(await byAddress(request));
    });
  },
  { name: 'rate-limit', fastify: '5.x' },
);

/**
 * The limit per user (`sub`), whatever the address: one stolen token used from many places, or one
 * user behind a NAT shared with colleagues. Counted in memory per instance, like the limit per
 * address. Handed to the auth plugin, which runs it on every request right after the token is
 * verified (`afterAuthentication`), before the body is read.
 */
export function createUserLimit(app: FastifyInstance, max: number): (request: FastifyRequest) => Promise<void> {
  const byUser = app.createRateLimit({
    max,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => `sub:${request.principal?.sub ?? ''}`,
  });
  return async (request) => {
    enforce(await byUser(request));
  };
}

/** A wait in words a person reads at a glance: `45 seconds`, `12 minutes`, `5 hours` (rounded up). */
export function describeWait(seconds: number): string {
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds < 120) return unit(seconds, 'second');
  if (seconds < 2 * 3600) return unit(Math.ceil(seconds / 60), 'minute');
  return unit(Math.ceil(seconds / 3600), 'hour');
}

export interface ActionLimit {
  /** Actions per window for one user. */
  readonly max: number;
  /** The window the actions are counted in; {@link RATE_LIMIT_WINDOW_MS} (a minute) by default. */
  readonly windowMs?: number;
  /** Keeps this limit's counts apart from the others'. */
  readonly bucket: string;
  /** The lead of the 429 message: `You are sending messages too fast`. */
  readonly tooMany: string;
}

/**
 * A per-user limit on one kind of action (chat writes, room creation), on top of the limits every request meets:
 * an `onRequest` hook for the routes that do it. Unlike the others, it is counted in the database
 * (`counter`), by `sub`, so it is global: every instance sharing the database counts the same
 * window, and a user cannot double the allowance by reaching two of them. It needs the principal,
 * so the route must declare auth (route hooks run after the auth plugin's).
 */
export function createActionLimit(counter: ActionCounter, { max, bucket, tooMany, windowMs = RATE_LIMIT_WINDOW_MS }: ActionLimit) {
  return async (request: FastifyRequest): Promise<void> => {
    const { count, resetInMs } = await counter.countAction(`${bucket}:${request.principal?.sub ?? ''}`, windowMs);
    if (count > max) throw new RateLimitedError(Math.max(1, Math.ceil(resetInMs / 1000)), tooMany);
  };
}

type Verdict = Awaited<ReturnType<ReturnType<FastifyRequest['server']['createRateLimit']>>>;

/** @throws {RateLimitedError} answered 429 with `Retry-After`. */
function enforce(verdict: Verdict): void {
  if (verdict.isAllowed || !verdict.isExceeded) return;
  throw new RateLimitedError(Math.max(1, verdict.ttlInSeconds));
}
