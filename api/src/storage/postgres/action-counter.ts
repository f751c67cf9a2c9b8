import type pg from 'pg';
import type { ActionCounter } from '../storage.ts';

/**
 * Fixed-window counts in `action_counts`, on the database's clock (every instance shares it, where
 * their own clocks may differ). One statement, atomic under concurrency: two instances counting the
 * same key at once both land, one after the other, on the same row.
 */
export function createPostgresActionCounter(pool: pg.Pool): ActionCounter {
  return {
    countAction: async (key, windowMs) => {
      const { rows } = await pool.query<{ count: number; reset_in_ms: number }>(`
        WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint AS ms)
        INSERT INTO action_counts AS c (key, window_started_ms, count) SELECT $1, now.ms, 1 FROM now
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN c.window_started_ms <= excluded.window_started_ms - $2 THEN 1 ELSE c.count + 1 END,
          window_started_ms = CASE WHEN c.window_started_ms <= excluded.window_started_ms - $2 THEN excluded.window_started_ms ELSE c.window_started_ms END
        RETURNING count, window_started_ms + $2 - (SELECT ms FROM now) AS reset_in_ms
      `, [key, windowMs]);
      const row = rows[0] as { count: number; reset_in_ms: number };
      return { count: row.count, resetInMs: Number(row.reset_in_ms) };
    },
  };
}
