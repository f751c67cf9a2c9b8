/**
 * The limits that keep one user from exhausting the API (SECURITY.md, "Resource limits"): requests,
 * writes, live streams, analytics. Each is a variable of `EnvSchema`; this module gives them their
 * typed shape and checks what one variable alone cannot say.
 */
import type { Env } from './env-schema.ts';

export interface HttpEdgeConfig {
  /**
   * `TRUST_PROXY`: the proxies whose `X-Forwarded-For` tells the client's address (Fastify's
   * `trustProxy`, compiled by proxy-addr); `false`: the header is ignored and the client is the
   * socket's peer.
   */
  readonly trustProxy: readonly string[] | false;
  /** Requests per minute from one client address (an IPv6 /64 counts as one). Per instance. */
  readonly rateLimitPerIp: number;
  /** Requests per minute with the tokens of one user (`sub`). Per instance. */
  readonly rateLimitPerUser: number;
  /**
   * Chat writes one user may make per minute: posts, edits and deletes together (on top of
   * `rateLimitPerUser`). Counted in the database: global.
   */
  readonly rateLimitChatPosts: number;
}

/** What one user may hold or make in the chat, beyond the request limits. */
export interface ChatLimitsConfig {
  /** `RATE_LIMIT_ROOMS_PER_DAY`: rooms one user may create in a day. Counted in the database: global. */
  readonly roomsPerDay: number;
  /**
   * `CHAT_STREAMS_PER_USER`: live streams one user may hold on an instance; a newer one closes the
   * user's oldest (which is told `too-many-streams` and not reopened by the app by itself).
   */
  readonly streamsPerUser: number;
  /** `CHAT_STREAMS_PER_IP`: live streams one client address may hold on an instance; more: 429. */
  readonly streamsPerIp: number;
  /** `CHAT_STREAMS_PER_INSTANCE`: live streams one instance holds at most; more: 503. */
  readonly streamsPerInstance: number;
}

/** How much of the server the analytics may take. */
export interface AnalyticsLimitsConfig {
  /**
   * `ANALYTICS_TIME_BUDGET_MS`: the longest a summary (or CSV export) may take, waiting for its turn
   * included; past it, 503 `analytics_timeout`. PostgreSQL's `statement_timeout` for its queries.
   */
  readonly timeBudgetMs: number;
  /** `ANALYTICS_CONCURRENT_PER_USER`: summaries one user may have running at once; more: 429. */
  readonly concurrentPerUser: number;
}

export function chatLimitsOf(env: Env): ChatLimitsConfig {
  return {
    roomsPerDay: env.RATE_LIMIT_ROOMS_PER_DAY,
    streamsPerUser: env.CHAT_STREAMS_PER_USER,
    streamsPerIp: env.CHAT_STREAMS_PER_IP,
    streamsPerInstance: env.CHAT_STREAMS_PER_INSTANCE,
  };
}

export function analyticsLimitsOf(env: Env): AnalyticsLimitsConfig {
  return { timeBudgetMs: env.ANALYTICS_TIME_BUDGET_MS, concurrentPerUser: env.ANALYTICS_CONCURRENT_PER_USER };
}

/**
 * The stream caps nest: an address holds at least one user's streams (`CHAT_STREAMS_PER_IP` ≥
 * `CHAT_STREAMS_PER_USER`), an instance at least one address's (`CHAT_STREAMS_PER_INSTANCE` ≥
 * `CHAT_STREAMS_PER_IP`). Otherwise a user with a few tabs would be refused (429) where the per-user
 * cap means to close their oldest stream instead.
 * @throws naming the variable `value` must be at least.
 */
export function requireAtLeast(value: number, otherName: string, other: number): void {
  if (value < other) throw new Error(`must be at least ${otherName} (${other})`);
}
