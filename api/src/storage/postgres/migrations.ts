import pg from 'pg';
import { SchemaTooNewError, type Migration } from '../migration.ts';
import { ADVISORY_LOCK } from './advisory-locks.ts';
import { connectionConfig, type PostgresLimits } from './pool.ts';

/**
 * PostgreSQL's schema, the same tables, columns and indexes as SQLite's migrations 1 to 6 end with
 * (its history of rebuilds left out: PostgreSQL starts at today's shape). Versions only ever grow;
 * a shipped migration is never edited.
 *
 * - Identifiers and names that the app sorts or compares (`id`, `name`, `author_sub`) are
 *   `COLLATE "C"`: code-point order, as SQLite sorts and the analytics code compares, whatever the
 *   database's own locale.
 * - Timestamps are `timestamptz(3)`: milliseconds, as the API's ISO 8601 text has.
 * - `seq` columns are identities: never reused, even after the newest row is gone.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'rooms, messages in sequence, chat events, read markers and idempotency keys',
    sql: `
      CREATE TABLE rooms (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL UNIQUE,
        topic TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      );
      -- A deleted message stays as a row without text, so read markers and cursors keep their place.
      CREATE TABLE messages (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        room_id TEXT COLLATE "C" NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        author_sub TEXT COLLATE "C" NOT NULL,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        edited_at TIMESTAMPTZ(3),
        deleted_at TIMESTAMPTZ(3)
      );
      -- History pages and unread counts: a room's live messages in order, with their authors.
      CREATE INDEX messages_by_room ON messages (room_id, seq) INCLUDE (author_sub) WHERE deleted_at IS NULL;
      -- The live stream's log: seq is the SSE event id, in commit order (see chat-store.ts).
      CREATE TABLE chat_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type TEXT NOT NULL,
        room_id TEXT COLLATE "C" NOT NULL,
        message_id TEXT COLLATE "C",
        created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX chat_events_by_time ON chat_events (created_at);
      -- The newest seq pruned from chat_events: a client that saw no further must reset.
      CREATE TABLE chat_events_pruned (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_seq BIGINT NOT NULL
      );
      INSERT INTO chat_events_pruned (id, through_seq) VALUES (1, 0);
      CREATE TABLE chat_read_markers (
        user_sub TEXT COLLATE "C" NOT NULL,
        room_id TEXT COLLATE "C" NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        last_read_seq BIGINT NOT NULL,
        updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (user_sub, room_id)
      );
      CREATE TABLE chat_idempotency_keys (
        user_sub TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        request_hash TEXT NOT NULL,
        message_id TEXT COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (user_sub, key)
      );
      CREATE INDEX chat_idempotency_keys_by_time ON chat_idempotency_keys (created_at);
      CREATE INDEX chat_idempotency_keys_by_message ON chat_idempotency_keys (message_id);
    `,
  },
  {
    version: 2,
    description: 'analytics: live messages by time, room and author',
    // SQLite's migration 4, for the same queries (see analytics-store.ts).
    sql: `
      CREATE INDEX messages_live_by_time ON messages (created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_room_and_time ON messages (room_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_author_room_and_time ON messages (author_sub, room_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_author_and_time ON messages (author_sub, created_at) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 3,
    description: 'action counts for limits kept in the database',
    sql: `
      CREATE TABLE action_counts (
        key TEXT COLLATE "C" PRIMARY KEY,
        window_started_ms BIGINT NOT NULL,
        count INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'rooms one takes part in; analytics from the period\'s messages',
    // SQLite's migration 6: a read-marker row for every earlier author and maker of a room, and the
    // analytics' indexes in time order, covering (INCLUDE) the author and the room.
    sql: `
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq)
        SELECT DISTINCT author_sub, room_id, 0 FROM messages WHERE deleted_at IS NULL
        ON CONFLICT (user_sub, room_id) DO NOTHING;
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq)
        SELECT created_by, id, 0 FROM rooms
        ON CONFLICT (user_sub, room_id) DO NOTHING;
      CREATE INDEX messages_live_by_time_author_room ON messages (created_at) INCLUDE (author_sub, room_id) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_room_time_author ON messages (room_id, created_at) INCLUDE (author_sub) WHERE deleted_at IS NULL;
      DROP INDEX messages_live_by_time;
      DROP INDEX messages_live_by_room_and_time;
    `,
  },
];

/**
 * Applies the migrations the database lacks, each in its own transaction with its row in
 * `schema_migrations`, on a connection of its own without a statement timeout (building an index
 * on a large table takes what it takes).
 *
 * Safe when several instances start at once: each first takes the session-level advisory lock
 * {@link ADVISORY_LOCK.migrations}; one migrates while the others wait, then find nothing to do.
 * The lock goes with the session, so a migrator that dies releases it.
 *
 * @returns the versions applied now (empty when already up to date).
 * @throws {SchemaTooNewError} when the database has a version this code does not know.
 */
export async function migratePostgres(
  url: string,
  limits: PostgresLimits,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const client = new pg.Client({ ...connectionConfig(url, limits, 'teamspace-migrate'), statement_timeout: 0, query_timeout: 0 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK.migrations]);
    return await applyMissing(client, migrations);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function applyMissing(client: pg.Client, migrations: readonly Migration[]): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= (await currentVersion(client))) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    applied.push(migration.version);
  }
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await currentVersion(client);
  if (current > latest) {
    throw new SchemaTooNewError(`The database schema is at version ${current}; this server knows up to ${latest}`);
  }
  return applied;
}

async function currentVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  return rows[0]?.version ?? 0;
}
