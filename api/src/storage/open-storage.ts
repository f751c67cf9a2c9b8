import type { DatabaseConfig } from '../config.ts';
import type { DemoHistoryWritten, DemoMessage, DemoRoom } from './demo-history-write.ts';
import { writePostgresDemoHistory } from './postgres/demo-history-writer.ts';
import { openPostgresStorage, type StorageLog } from './postgres/postgres-storage.ts';
import { writeSqliteDemoHistory } from './sqlite/demo-history-writer.ts';
import { openSqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

export type { DemoHistoryWritten, DemoMessage, DemoRoom, StorageLog };

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: DatabaseConfig, log: StorageLog): Promise<Storage> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStorage(config.path);
    case 'postgres':
      return openPostgresStorage(config.url, { log });
  }
}

/**
 * Writes a made-up chat history into the configured database (`npm run seed`), replacing the demo
 * messages of an earlier run (ids starting with `idPrefix`) and nothing else.
 */
export async function writeDemoHistory(
  config: DatabaseConfig,
  idPrefix: string,
  rooms: readonly DemoRoom[],
  messages: Iterable<DemoMessage>,
): Promise<DemoHistoryWritten> {
  switch (config.kind) {
    case 'sqlite':
      return writeSqliteDemoHistory(config.path, idPrefix, rooms, messages);
    case 'postgres':
      return writePostgresDemoHistory(config.url, idPrefix, rooms, messages);
  }
}

/** The database as a person may read it: a file's path, or a server and database name without the password. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return config.path;
  const url = new URL(config.url);
  return `PostgreSQL ${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
}
