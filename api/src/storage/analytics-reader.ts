/**
 * What the analytics thread opens: a connection of its own to the app's database, for the counts
 * only (no migration, no chat), so the counting never runs on the server's event loop.
 */
import { DatabaseSync } from 'node:sqlite';
import type { DatabaseConfig } from '../config.ts';
import { createPostgresAnalyticsStore } from './postgres/analytics-store.ts';
import { withOutagesAsUnavailable } from './postgres/outage.ts';
import { createPostgresAnalyticsPool, POSTGRES_LIMITS } from './postgres/pool.ts';
import { createSqliteAnalyticsCounter } from './sqlite/analytics-queries.ts';
import type { AnalyticsStore } from './storage.ts';

export interface AnalyticsReader extends Pick<AnalyticsStore, 'countForAnalytics'> {
  close(): Promise<void>;
}

/**
 * SQLite: a read-only connection (WAL: it never blocks the writer, nor waits for it). PostgreSQL:
 * a pool of a few connections whose statements the server cancels at `budgetMs`.
 * @throws for an in-memory SQLite database, which no other connection can read.
 */
export function openAnalyticsReader(config: DatabaseConfig, budgetMs: number): AnalyticsReader {
  if (config.kind === 'sqlite') {
    if (config.path === ':memory:') throw new Error('An in-memory database cannot be read from another thread');
    const db = new DatabaseSync(config.path, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000');
    const count = createSqliteAnalyticsCounter(db);
    return {
      countForAnalytics: async (request) => count(request),
      close: async () => db.close(),
    };
  }
  const pool = createPostgresAnalyticsPool(config.url, POSTGRES_LIMITS, budgetMs, { onConnectionError: () => undefined });
  const { countForAnalytics } = withOutagesAsUnavailable(createPostgresAnalyticsStore(pool, budgetMs));
  return { countForAnalytics, close: () => pool.end() };
}
