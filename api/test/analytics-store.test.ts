/**
 * The analytics store on SQLite: its queries walk the indexes of migration 4 (never the table),
 * and the demo history (`npm run seed`) is realistic, reproducible, and replaces only itself.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { DEMO_AUTHORS, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory, type DemoHistoryOptions } from '../src/seed/demo-history.ts';
import { writeDemoHistory } from '../src/storage/open-storage.ts';
import { openSqliteDatabase, openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import { temporaryDirectory } from './fixtures/app.ts';

/** Every table and index a statement's plan reads, as EXPLAIN QUERY PLAN names them. */
function planOf(db: DatabaseSync, sql: string, params: Record<string, string>): string[] {
  return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((row) => String(row['detail']));
}

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await temporaryDirectory();
});
after(() => dir.remove());

describe('analytics store', () => {
  it('counts on the partial indexes of live messages, and never scans the messages table', async () => {
    const path = join(dir.path, 'plans.db');
    const db = openSqliteDatabase(path);
    const traced: string[] = [];
    // The statements the store prepares, as SQLite receives them.
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => {
      traced.push(sql);
      return prepare(sql);
    };
    const { createSqliteAnalyticsStore } = await import('../src/storage/sqlite/analytics-store.ts');
    createSqliteAnalyticsStore(db);
    db.prepare = prepare;
    const params = { start: 'a', end: 'b', spans: '[]', authors: '[]', roomId: 'r', sub: 's' };
    const counting = traced.filter((sql) => sql.includes('FROM messages'));
    assert.equal(counting.length, 8, 'four queries, each for every room and for one');
    for (const sql of counting) {
      const plan = planOf(db, sql, Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`:${name}`)))).join(' | ');
      assert.doesNotMatch(plan, /SCAN m\b/, `${sql}\n${plan}`);
      assert.match(plan, /USING (COVERING )?INDEX messages_live_/, `${sql}\n${plan}`);
    }
    db.close();
  });
});

describe('demo history', () => {
  const OPTIONS: DemoHistoryOptions = {
    messages: 20_000,
    days: 28,
    seed: 7,
    timeZone: 'Europe/Paris',
    nowMs: Date.parse('2026-11-18T16:00:00Z'),
  };
  const history = [...generateDemoHistory(OPTIONS)];
  const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' });
  const weekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' });
  const localHour = (iso: string) => Number(hourFormat.format(new Date(iso)));
  const localWeekday = (iso: string) => weekdayFormat.format(new Date(iso));

  it('makes as many messages as asked, oldest first, none after now nor before the first day', () => {
    assert.equal(history.length, OPTIONS.messages);
    const times = history.map((message) => Date.parse(message.createdAt));
    assert.ok(times.every((time, i) => i === 0 || time >= (times[i - 1] ?? 0)), 'in time order');
    assert.ok((times.at(-1) ?? 0) <= OPTIONS.nowMs);
    assert.ok((times[0] ?? 0) >= Date.parse('2026-10-21T22:00:00Z'), 'from 2026-10-22, local midnight');
  });

  it('gives the same history for the same options, another for another seed', () => {
    assert.deepEqual([...generateDemoHistory(OPTIONS)].slice(0, 50), history.slice(0, 50));
    assert.notDeepEqual([...generateDemoHistory({ ...OPTIONS, seed: 8 })].slice(0, 50), history.slice(0, 50));
  });

  it('looks like a team at work: weekdays and working hours busiest, every room and the dev users present, a few deleted', () => {
    const weekend = history.filter((m) => ['Sat', 'Sun'].includes(localWeekday(m.createdAt))).length;
    assert.ok(weekend / history.length < 0.1, `weekend share ${weekend / history.length}`);
    const working = history.filter((m) => localHour(m.createdAt) >= 9 && localHour(m.createdAt) < 18).length;
    assert.ok(working / history.length > 0.7, `working-hours share ${working / history.length}`);
    assert.deepEqual(new Set(history.map((m) => m.roomName)), new Set(DEMO_ROOMS.map((room) => room.name)));
    const authors = new Set(history.map((m) => m.author.sub));
    assert.ok(authors.has('alice') && authors.has('bob'));
    assert.equal(authors.size, DEMO_AUTHORS.length);
    const deleted = history.filter((m) => m.deleted).length / history.length;
    assert.ok(deleted > 0.005 && deleted < 0.02, `deleted share ${deleted}`);
  });

  it('writes through the app\'s migrations, and a second run replaces the first, leaving real messages alone', async () => {
    const path = join(dir.path, 'seeded.db');
    const storage = openSqliteStorage(path);
    const { room } = await storage.createRoom({ name: 'general', topic: 'Real', createdBy: 'alice' });
    await storage.postMessage({ roomId: room.id, author: { sub: 'alice', name: 'Alice' }, body: 'real', idempotencyKey: 'k1', fingerprint: 'f' });
    await storage.close();

    const config = { kind: 'sqlite', path } as const;
    const small = { ...OPTIONS, messages: 500 };
    const first = await writeDemoHistory(config, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(small));
    assert.deepEqual({ messages: first.messages, replaced: first.replaced, roomsCreated: first.roomsCreated }, { messages: 500, replaced: 0, roomsCreated: DEMO_ROOMS.length - 1 });
    const second = await writeDemoHistory(config, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(small));
    assert.deepEqual({ messages: second.messages, replaced: second.replaced, roomsCreated: second.roomsCreated }, { messages: 500, replaced: 500, roomsCreated: 0 });

    const db = new DatabaseSync(path);
    try {
      assert.equal(db.prepare('SELECT COUNT(*) AS n FROM messages').get()?.['n'], 501);
      assert.equal(db.prepare("SELECT body FROM messages WHERE id NOT LIKE 'demo-%'").get()?.['body'], 'real');
      assert.equal(db.prepare("SELECT COUNT(*) AS n FROM messages WHERE room_id = ? AND id LIKE 'demo-%'").get(room.id)?.['n'] !== 0, true, 'the existing room is used');
      assert.equal(db.prepare("SELECT COUNT(*) AS n FROM messages WHERE deleted_at IS NOT NULL AND body <> ''").get()?.['n'], 0, 'deleted without text');
    } finally {
      db.close();
    }
  });
});
