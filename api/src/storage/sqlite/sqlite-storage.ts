import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AnalyticsSummary, ChatRoom } from '@app/contracts';
import { ACTIVE_USER_WINDOW_DAYS, type Storage } from '../storage.ts';
import { migrate } from './migrations.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The embedded default: SQLite through `node:sqlite` (no native build). Opens (creating the data
 * directory if missing), migrates, then answers the features' queries.
 *
 * @param path a file path, or `:memory:`.
 */
export function openSqliteStorage(path: string): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    configure(db, path);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const listRooms = db.prepare('SELECT id, name, topic, created_at AS createdAt FROM rooms ORDER BY created_at, name');
  const summary = db.prepare(`
    SELECT
      (SELECT COUNT(*) FROM messages) AS messages,
      (SELECT COUNT(DISTINCT author_sub) FROM messages WHERE created_at >= :since) AS activeUsers,
      (SELECT COUNT(*) FROM rooms) AS rooms
  `);

  return {
    listRooms: async () => listRooms.all().map((row) => ({ ...row }) as unknown as ChatRoom),
    summary: async () => {
      const since = new Date(Date.now() - ACTIVE_USER_WINDOW_DAYS * DAY_MS).toISOString();
      return { ...summary.get({ since }) } as unknown as AnalyticsSummary;
    },
    close: async () => {
      if (db.isOpen) db.close();
    },
  };
}

function configure(db: DatabaseSync, path: string): void {
  // WAL lets readers run beside the single writer; busy_timeout waits for a lock instead of failing.
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
}
