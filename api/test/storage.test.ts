/** SQLite storage on node:sqlite: versioned migrations, and the features' queries on a real database. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { migrate, MIGRATIONS, SchemaTooNewError } from '../src/storage/sqlite/migrations.ts';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import type { Storage } from '../src/storage/storage.ts';
import { temporaryDirectory } from './fixtures/app.ts';

const daysAgo = (days: number): string => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

/** The analytics counts over all time, every room. */
const countAllTime = async (storage: Storage) => {
  const allTime = { start: '0000', end: '9999' };
  const counts = await storage.countForAnalytics({
    roomId: undefined, current: allTime, previous: allTime, days: [], hours: [], roomsShown: 10, contributorsShown: 10,
  });
  return counts.current;
};

describe('SQLite storage', () => {
  let dir: string;
  let removeDir: () => Promise<void>;
  before(async () => {
    ({ path: dir, remove: removeDir } = await temporaryDirectory());
  });
  after(() => removeDir());

  it('creates the data directory and the schema on first open', async () => {
    const path = join(dir, 'nested', 'data', 'app.db');
    const storage = openSqliteStorage(path);
    await storage.close();
    assert.ok(existsSync(path));
    const db = new DatabaseSync(path);
    try {
      assert.deepEqual(
        db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((row) => row.version),
        MIGRATIONS.map((m) => m.version),
      );
    } finally {
      db.close();
    }
  });

  it('applies each migration once', () => {
    const db = new DatabaseSync(':memory:');
    try {
      assert.deepEqual(migrate(db), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(migrate(db), []);
    } finally {
      db.close();
    }
  });

  it('leaves the previous version intact when a migration fails', () => {
    const db = new DatabaseSync(':memory:');
    try {
      migrate(db);
      const latest = MIGRATIONS.at(-1)?.version ?? 0;
      const broken = [...MIGRATIONS, { version: latest + 1, description: 'broken', sql: 'CREATE TABLE half (id TEXT); NOT SQL' }];
      assert.throws(() => migrate(db, broken));
      assert.equal(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()?.v, latest);
      assert.equal(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()?.n, 0);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer version of the app', () => {
    const db = new DatabaseSync(':memory:');
    try {
      migrate(db);
      db.prepare('INSERT INTO schema_migrations (version, description) VALUES (99, ?)').run('from the future');
      assert.throws(() => migrate(db), SchemaTooNewError);
    } finally {
      db.close();
    }
  });

  it('keeps the messages of a version 1 database, in the order they were written, when it migrates', () => {
    const db = new DatabaseSync(':memory:');
    try {
      migrate(db, MIGRATIONS.slice(0, 1));
      db.exec(`
        INSERT INTO rooms (id, name, created_by) VALUES ('r1', 'general', 'alice');
        INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at) VALUES
          ('later', 'r1', 'bob', 'Bob', 'second', '2025-01-01T00:00:02.000Z'),
          ('first', 'r1', 'alice', 'Alice', 'first', '2025-01-01T00:00:01.000Z');
      `);
      migrate(db);
      assert.deepEqual(
        db.prepare('SELECT id, body, edited_at, deleted_at FROM messages ORDER BY seq').all().map((row) => ({ ...row })),
        [
          { id: 'first', body: 'first', edited_at: null, deleted_at: null },
          { id: 'later', body: 'second', edited_at: null, deleted_at: null },
        ],
      );
    } finally {
      db.close();
    }
  });

  it('answers from an empty database', async () => {
    const storage = openSqliteStorage(':memory:');
    assert.deepEqual(await storage.listRooms('alice'), []);
    assert.deepEqual(await countAllTime(storage), { messages: 0, authors: 0, rooms: 0 });
    await storage.close();
  });

  describe('with data', () => {
    const path = () => join(dir, 'seeded.db');
    const written = [daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(60)] as const;
    before(() => {
      openSqliteStorage(path()).close();
      const db = new DatabaseSync(path());
      db.exec(`
        INSERT INTO rooms (id, name, topic, created_by, created_at) VALUES
          ('r2', 'random', 'Anything', 'bob', '2025-01-02T00:00:00.000Z'),
          ('r1', 'general', 'Team news', 'alice', '2025-01-01T00:00:00.000Z');
      `);
      const insert = db.prepare('INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      insert.run('m2', 'r1', 'alice', 'Alice', 'again', written[1]);
      insert.run('m1', 'r1', 'alice', 'Alice', 'hi', written[0]);
      insert.run('m4', 'r2', 'carol', 'Carol', 'long ago', written[3]);
      insert.run('m3', 'r2', 'bob', 'Bob', 'hello', written[2]);
      db.close();
    });

    it('lists rooms by name, with the contract field names and the viewer\'s unread counts', async () => {
      const storage = openSqliteStorage(path());
      try {
        assert.deepEqual(await storage.listRooms('alice'), [
          { id: 'r1', name: 'general', topic: 'Team news', createdAt: '2025-01-01T00:00:00.000Z', unread: 0, lastMessageAt: written[0] },
          { id: 'r2', name: 'random', topic: 'Anything', createdAt: '2025-01-02T00:00:00.000Z', unread: 2, lastMessageAt: written[2] },
        ]);
      } finally {
        await storage.close();
      }
    });

    it('counts messages, rooms, and distinct authors in the database', async () => {
      const storage = openSqliteStorage(path());
      try {
        assert.deepEqual(await countAllTime(storage), { messages: 4, authors: 3, rooms: 2 });
      } finally {
        await storage.close();
      }
    });

    it('leaves deleted messages, and authors with no other message, out of the counts (runs last: it changes the data)', async () => {
      const storage = openSqliteStorage(path());
      try {
        assert.ok(await storage.deleteMessage('m4'));
        assert.deepEqual(await countAllTime(storage), { messages: 3, authors: 2, rooms: 2 });
      } finally {
        await storage.close();
      }
    });
  });
});
