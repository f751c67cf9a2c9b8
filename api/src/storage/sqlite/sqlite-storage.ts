import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createInMemoryChatEventHub } from '../../chat/event-hub.ts';
import type { Storage } from '../storage.ts';
import { createSqliteActionCounter } from './action-counter.ts';
import { createSqliteAnalyticsStore } from './analytics-store.ts';
import { createSqliteChatEventLog } from './chat-event-log.ts';
import { createSqliteChatStore } from './chat-store.ts';
import { migrate } from './migrations.ts';

/**
 * The embedded default: SQLite through `node:sqlite` (no native build). Opens (creating the data
 * directory if missing), migrates, then answers the features' queries. One process serves the file:
 * its live streams are all in it, so chat events go through memory.
 *
 * @param path a file path, or `:memory:`.
 */
export function openSqliteStorage(path: string): Storage {
  const db = openSqliteDatabase(path);
  return {
    ...createSqliteChatStore(db),
    ...createSqliteChatEventLog(db),
    ...createSqliteAnalyticsStore(db),
    ...createSqliteActionCounter(db),
    chatEvents: createInMemoryChatEventHub(),
    checkReady: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      if (db.isOpen) db.close();
    },
  };
}

/**
 * The database at `path`, configured and migrated: what the storage and the demo-history writer
 * both start from, so there is one schema.
 */
export function openSqliteDatabase(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    configure(db, path);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function configure(db: DatabaseSync, path: string): void {
  // WAL lets readers (the analytics thread's connection) run beside the single writer; busy_timeout
  // waits for a lock instead of failing.
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // Deleted and edited-away text is overwritten with zeros in the file, not left in free space.
  db.exec('PRAGMA secure_delete = ON');
}
