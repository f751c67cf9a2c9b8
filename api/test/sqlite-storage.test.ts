/**
 * What is SQLite's own in the storage: versioned migrations on node:sqlite, and analytics queries
 * that walk the indexes of migrations 4 and 6, never the table. (The features' queries are tested on both
 * databases by storage.test.ts and the API tests.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { migrate, MIGRATIONS, SchemaTooNewError } from '../src/storage/sqlite/migrations.ts';
import { openSqliteDatabase, openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import { temporaryDirectory } from './fixtures/app.ts';

/** Every table and index a statement's plan reads, as EXPLAIN QUERY PLAN names them. */
function planOf(db: DatabaseSync, sql: string, params: Record<string, string>): string[] {
  return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((row) => String(row['detail']));
}

let dir: string;
let removeDir: () => Promise<void>;
before(async () => {
  ({ path: dir, remove: removeDir } = await temporaryDirectory());
});
after(() => removeDir());

describe('SQLite migrations', () => {
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
});

describe('SQLite analytics queries', () => {
  it('counts on the partial indexes of live messages, from the period\'s range of them, and never scans the messages or rooms table', async () => {
    const path = join(dir, 'plans.db');
    const db = openSqliteDatabase(path);
    const traced: string[] = [];
    // The statements the store prepares, as SQLite receives them.
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => {
      traced.push(sql);
      return prepare(sql);
    };
    const { createSqliteAnalyticsCounter } = await import('../src/storage/sqlite/analytics-queries.ts');
    createSqliteAnalyticsCounter(db);
    db.prepare = prepare;
    const params = { start: 'a', end: 'b', spans: '[]', roomId: 'r', sub: 's' };
    const counting = traced.filter((sql) => sql.includes('FROM messages'));
    assert.equal(counting.length, 8, 'four queries, each for every room and for one');
    for (const sql of counting) {
      const plan = planOf(db, sql, Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`:${name}`)))).join(' | ');
      assert.doesNotMatch(plan, /SCAN (m|r|rooms)\b/, `${sql}\n${plan}`);
      assert.match(plan, /USING (COVERING )?INDEX messages_live_/, `${sql}\n${plan}`);
      // Where the pairs come from: the span's range of the time-ordered index, not every author or room.
      if (sql.includes('DISTINCT m.author_sub AS sub')) assert.match(plan, /INDEX messages_live_by_(time_author_room|room_time_author) \((room_id=\? AND )?created_at>\? AND created_at<\?\)/, plan);
    }
    db.close();
  });
});


describe('SQLite deleted text', () => {
  it('leaves no text of a deleted or edited-away message in the database file (secure_delete), for someone reading the file later', async () => {
    const path = join(dir, 'erased.db');
    const storage = openSqliteStorage(path);
    const { room } = await storage.createRoom({ name: 'general', topic: '', createdBy: 'alice' });
    const post = (body: string, key: string) =>
      storage.postMessage({ roomId: room.id, author: { sub: 'alice', name: 'Alice' }, body, idempotencyKey: key, fingerprint: key });
    const deleted = await post('secret-to-delete-4f9c2a', 'k1');
    const edited = await post('secret-edited-away-7b1e3d', 'k2');
    await post('kept-in-the-file-9d0a11', 'k3');
    assert.ok(deleted.created && edited.created);
    await storage.deleteMessage(deleted.message.id);
    await storage.editMessage(edited.message.id, 'the new text');
    await storage.close();
    const file = readFileSync(path).toString('latin1');
    assert.ok(!existsSync(`${path}-wal`) || readFileSync(`${path}-wal`).length === 0, 'closing checkpoints the write-ahead log into the file');
    assert.ok(file.includes('kept-in-the-file-9d0a11'), 'the check can see text that is there');
    assert.ok(!file.includes('secret-to-delete-4f9c2a'), 'deleted text is overwritten');
    assert.ok(!file.includes('secret-edited-away-7b1e3d'), 'edited-away text is overwritten');
  });
});
