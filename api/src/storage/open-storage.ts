import type { DatabaseConfig } from '../config.ts';
import { openSqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openStorage(config: DatabaseConfig): Promise<Storage> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStorage(config.path);
  }
}
