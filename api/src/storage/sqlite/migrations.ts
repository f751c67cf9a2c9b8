import type { DatabaseSync } from 'node:sqlite';

/** One schema change. Versions only ever grow; a shipped migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Timestamps are ISO 8601 UTC text with milliseconds, so they sort and compare as strings. */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'rooms and messages',
    sql: `
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT ${NOW}
      );
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        author_sub TEXT NOT NULL,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT ${NOW}
      );
      CREATE INDEX messages_by_room_and_time ON messages (room_id, created_at);
      CREATE INDEX messages_by_time ON messages (created_at);
    `,
  },
];

/** The database was written by a newer version of the app than this one. */
export class SchemaTooNewError extends Error {
  readonly code = 'ERR_SCHEMA_TOO_NEW';
}

/**
 * Applies the migrations the database lacks, each in its own transaction with its row in
 * `schema_migrations`, so a failed migration leaves the previous version intact. `BEGIN IMMEDIATE`
 * takes the write lock first: two instances starting together do not both migrate.
 *
 * @returns the versions applied now (empty when already up to date).
 * @throws {SchemaTooNewError} when the database has a version this code does not know.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT ${NOW}
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const current = currentVersion(db);
      if (migration.version > current) {
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, description) VALUES (?, ?)')
          .run(migration.version, migration.description);
        applied.push(migration.version);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  const latest = migrations.at(-1)?.version ?? 0;
  const current = currentVersion(db);
  if (current > latest) {
    throw new SchemaTooNewError(`The database schema is at version ${current}; this server knows up to ${latest}`);
  }
  return applied;
}

function currentVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number };
  return row.version;
}
