import type { DatabaseSync } from 'node:sqlite';
import type { AnalyticsRoom } from '@app/contracts';
import { asRow } from '../chat-rows.ts';
import type { AnalyticsStore } from '../storage.ts';
import { createSqliteAnalyticsCounter } from './analytics-queries.ts';

/**
 * The analytics on SQLite: the rooms to filter by, and the counts (analytics-queries.ts), which run
 * synchronously on this connection. The server does not call them on its event loop: it counts on
 * the analytics thread, with a connection of its own (`api/src/analytics/analytics-thread.ts`).
 */
export function createSqliteAnalyticsStore(db: DatabaseSync): AnalyticsStore {
  const listRooms = db.prepare('SELECT id, name FROM rooms ORDER BY name, id');
  const roomById = db.prepare('SELECT id, name FROM rooms WHERE id = :roomId');
  const toRoom = (row: unknown): AnalyticsRoom => ({ ...asRow<AnalyticsRoom>(row) });
  const count = createSqliteAnalyticsCounter(db);

  return {
    listAnalyticsRooms: async () => listRooms.all().map(toRoom),
    findAnalyticsRoom: async (roomId) => {
      const row = roomById.get({ roomId });
      return row === undefined ? undefined : toRoom(row);
    },
    countForAnalytics: async (request) => count(request),
  };
}
