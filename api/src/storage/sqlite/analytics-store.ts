import type { DatabaseSync } from 'node:sqlite';
import type { AnalyticsSummary } from '@app/contracts';
import { ACTIVE_USER_WINDOW_DAYS, type AnalyticsStore } from '../storage.ts';
import { asRow } from './chat-rows.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The analytics figures, computed in the database from the chat's tables. */
export function createSqliteAnalyticsStore(db: DatabaseSync): AnalyticsStore {
  // A deleted message is no longer a message; its author was active all the same.
  const summary = db.prepare(`
    SELECT
      (SELECT COUNT(*) FROM messages WHERE deleted_at IS NULL) AS messages,
      (SELECT COUNT(DISTINCT author_sub) FROM messages WHERE created_at >= :since) AS activeUsers,
      (SELECT COUNT(*) FROM rooms) AS rooms
  `);
  return {
    summary: async () => {
      const since = new Date(Date.now() - ACTIVE_USER_WINDOW_DAYS * DAY_MS).toISOString();
      return { ...asRow<AnalyticsSummary>(summary.get({ since })) };
    },
  };
}
