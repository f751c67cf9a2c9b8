import type { DatabaseConfig } from '../config.ts';
import { writeSqliteDemoHistory, type DemoHistoryWritten, type DemoMessage, type DemoRoom } from './sqlite/demo-history-writer.ts';
import { openSqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

export type { DemoHistoryWritten, DemoMessage, DemoRoom };

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: DatabaseConfig): Promise<Storage> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStorage(config.path);
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
  }
}
