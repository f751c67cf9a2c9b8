import pg from 'pg';

/**
 * How long the app waits for PostgreSQL, so that an outage answers 503 within seconds instead of
 * hanging: every query of the pool is bounded by all of these.
 */
export interface PostgresLimits {
  /** Connections per instance. Two instances and a seed run fit PostgreSQL's default of 100. */
  readonly maxConnections: number;
  /** To open a connection, or to wait for a free one (`connectionTimeoutMillis`). */
  readonly connectMs: number;
  /** The server cancels a statement running longer (`statement_timeout`). */
  readonly statementMs: number;
  /**
   * The client gives up on an answer after this (`query_timeout`): a server that stops answering
   * without closing the connection (a network partition) never cancels anything itself.
   */
  readonly queryMs: number;
  /** The server ends a session left idle inside a transaction (`idle_in_transaction_session_timeout`). */
  readonly idleInTransactionMs: number;
  /** An idle connection is closed after this (`idleTimeoutMillis`). */
  readonly idleMs: number;
  /** Connections of the analytics' own pool, per instance: one summary's independent counts at once. */
  readonly analyticsConnections: number;
}

export const POSTGRES_LIMITS: PostgresLimits = {
  maxConnections: 10,
  connectMs: 2_000,
  statementMs: 5_000,
  queryMs: 6_000,
  idleInTransactionMs: 10_000,
  idleMs: 30_000,
  analyticsConnections: 4,
};

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID) as (text: string) => Date;

/**
 * Values as SQLite's rows hold them, so both stores map rows with the same code: `bigint`
 * (sequences, counts) as numbers (ids stay far below 2^53), `timestamptz` as ISO 8601 UTC text
 * with milliseconds (the contract's timestamps).
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID) return (text: string) => Number(text);
    if (oid === TIMESTAMPTZ_OID) return (text: string) => parseTimestamptz(text).toISOString();
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The settings of every connection the app opens: pooled, the listener's, the migrator's. */
export function connectionConfig(url: string, limits: PostgresLimits, applicationName: string): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: limits.connectMs,
    statement_timeout: limits.statementMs,
    query_timeout: limits.queryMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    keepAlive: true,
    application_name: applicationName,
    // JIT compiling pays off for long analytical scans; the app's queries are index walks of a
    // few milliseconds, which PostgreSQL's cost estimates can still push over jit_above_cost, and
    // compiling then takes longer than running (about 150 ms of a 200 ms analytics query).
    options: '-c jit=off',
    types: TYPES,
  };
}

export interface PoolProblems {
  /** A pooled connection failed while idle (the server restarted, the network dropped it). */
  onConnectionError(error: Error): void;
}

/**
 * The pool of the app's queries. A connection that fails while checked out, between two queries,
 * would emit an unhandled `error` and end the process: each gets a listener, and its next query
 * fails instead (an outage, answered 503), and the pool drops it.
 */
export function createPostgresPool(url: string, limits: PostgresLimits, problems: PoolProblems): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(url, limits, 'teamspace-api'),
    max: limits.maxConnections,
    idleTimeoutMillis: limits.idleMs,
  });
  pool.on('error', (error) => problems.onConnectionError(error));
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/**
 * The analytics' own pool: a few connections, so analysts never wait for the chat's nor take them,
 * and their statements run for up to `budgetMs` (the time budget, `statement_timeout`), where the
 * chat's are cut at `statementMs`. Waiting for a connection, and the client's own timeout, allow a
 * little more than the budget, so the budget's own answer (503 `analytics_timeout`) comes first.
 */
export function createPostgresAnalyticsPool(url: string, limits: PostgresLimits, budgetMs: number, problems: PoolProblems): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(url, limits, 'teamspace-analytics'),
    statement_timeout: budgetMs,
    query_timeout: budgetMs + 2_000,
    connectionTimeoutMillis: budgetMs + 1_000,
    max: limits.analyticsConnections,
    idleTimeoutMillis: limits.idleMs,
  });
  pool.on('error', (error) => problems.onConnectionError(error));
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}
