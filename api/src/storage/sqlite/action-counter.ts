import type { DatabaseSync } from 'node:sqlite';
import { asRow } from '../chat-rows.ts';
import type { ActionCounter } from '../storage.ts';

/**
 * Fixed-window counts in `action_counts` (migration 5). One statement: a window over for longer
 * than `windowMs` starts again at 1, else the count grows; SQLite evaluates every `SET` expression
 * with the row as it was.
 */
export function createSqliteActionCounter(db: DatabaseSync): ActionCounter {
  const count = db.prepare(`
    INSERT INTO action_counts (key, window_started_ms, count) VALUES (:key, :now, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN window_started_ms <= :now - :windowMs THEN 1 ELSE count + 1 END,
      window_started_ms = CASE WHEN window_started_ms <= :now - :windowMs THEN :now ELSE window_started_ms END
    RETURNING count, window_started_ms
  `);
  return {
    countAction: async (key, windowMs) => {
      const now = Date.now();
      const row = asRow<{ count: number; window_started_ms: number }>(count.get({ key, now, windowMs }));
      return { count: row.count, resetInMs: row.window_started_ms + windowMs - now };
    },
  };
}
