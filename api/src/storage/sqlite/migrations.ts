import type { DatabaseSync } from 'node:sqlite';
import { SchemaTooNewError, type Migration } from '../migration.ts';

export { SchemaTooNewError, type Migration };

/** Timestamps are ISO 8601 UTC text with milliseconds, so they sort and compare as strings. */
export const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

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
  {
    version: 2,
    description: 'messages in sequence, with edits and deletes',
    // A message's place is its `seq`, given by the database in the order messages are written:
    // clocks can go back, and two messages can share a millisecond. The table is rebuilt because
    // SQLite cannot add an AUTOINCREMENT key to an existing one (no seq is ever reused, even
    // after the newest row is gone). A deleted message stays as a row without text, so read
    // markers and cursors that point at it still find its place.
    sql: `
      CREATE TABLE messages_v2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        author_sub TEXT NOT NULL,
        author_name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT ${NOW},
        edited_at TEXT,
        deleted_at TEXT
      );
      INSERT INTO messages_v2 (id, room_id, author_sub, author_name, body, created_at)
        SELECT id, room_id, author_sub, author_name, body, created_at FROM messages ORDER BY created_at, rowid;
      DROP TABLE messages;
      ALTER TABLE messages_v2 RENAME TO messages;
      -- History pages and unread counts: a room's live messages in order, with their authors.
      CREATE INDEX messages_by_room ON messages (room_id, seq, author_sub) WHERE deleted_at IS NULL;
      CREATE INDEX messages_by_time ON messages (created_at);
    `,
  },
  {
    version: 3,
    description: 'chat events, read markers and idempotency keys',
    sql: `
      -- The live stream's log: seq is the SSE event id. Payloads are read from messages and rooms
      -- when sent, so the log never holds text that was edited away or deleted.
      CREATE TABLE chat_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        room_id TEXT NOT NULL,
        message_id TEXT,
        created_at TEXT NOT NULL DEFAULT ${NOW}
      );
      CREATE INDEX chat_events_by_time ON chat_events (created_at);
      -- The newest seq pruned from chat_events: a client that saw no further must reset.
      CREATE TABLE chat_events_pruned (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_seq INTEGER NOT NULL
      );
      INSERT INTO chat_events_pruned (id, through_seq) VALUES (1, 0);
      CREATE TABLE chat_read_markers (
        user_sub TEXT NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        last_read_seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL DEFAULT ${NOW},
        PRIMARY KEY (user_sub, room_id)
      ) WITHOUT ROWID;
      CREATE TABLE chat_idempotency_keys (
        user_sub TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL DEFAULT ${NOW},
        PRIMARY KEY (user_sub, key)
      ) WITHOUT ROWID;
      CREATE INDEX chat_idempotency_keys_by_time ON chat_idempotency_keys (created_at);
    `,
  },
  {
    version: 4,
    description: 'analytics: live messages by time, room and author',
    // The dashboard counts live messages between UTC instants (the viewer's days and hours), by
    // room and by author. Each index is partial (a deleted message counts nowhere) and holds what
    // its counts need, so no count reads the table: by time (messages per hour); by room and time
    // (the same, for one room); by author, room and time (each author's messages in each room,
    // and the distinct authors, found by skipping from one to the next); by author and time (was
    // this author active that day).
    sql: `
      CREATE INDEX messages_live_by_time ON messages (created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_room_and_time ON messages (room_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_author_room_and_time ON messages (author_sub, room_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_author_and_time ON messages (author_sub, created_at) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 5,
    description: 'action counts for limits kept in the database',
    // One fixed window per key (a user's chat posts): when it started (epoch ms) and how many so far.
    sql: `
      CREATE TABLE action_counts (
        key TEXT PRIMARY KEY,
        window_started_ms INTEGER NOT NULL,
        count INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'rooms one takes part in; analytics from the period\'s messages',
    // The room list shows first the rooms a user takes part in: those with a read-marker row, which
    // the chat now makes (at 0, nothing read) when a user makes a room or writes in it; this gives
    // one to every earlier author and maker. The analytics read the period's live messages in time
    // order with their author and room (the first index, which supersedes messages_live_by_time),
    // or one room's (the second, superseding messages_live_by_room_and_time), so their cost follows
    // the period's messages, not the number of rooms and authors.
    sql: `
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq)
        SELECT DISTINCT author_sub, room_id, 0 FROM messages WHERE deleted_at IS NULL
        ON CONFLICT (user_sub, room_id) DO NOTHING;
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq)
        SELECT created_by, id, 0 FROM rooms WHERE true
        ON CONFLICT (user_sub, room_id) DO NOTHING;
      CREATE INDEX messages_live_by_time_author_room ON messages (created_at, author_sub, room_id) WHERE deleted_at IS NULL;
      CREATE INDEX messages_live_by_room_time_author ON messages (room_id, created_at, author_sub) WHERE deleted_at IS NULL;
      DROP INDEX messages_live_by_time;
      DROP INDEX messages_live_by_room_and_time;
    `,
  },
];

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
