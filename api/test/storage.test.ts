/**
 * The storage interface on a real database: SQLite, or PostgreSQL when the run says so (see
 * fixtures/test-database.ts). The same tests, the same answers, on both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '../src/storage/storage.ts';
import { temporaryDirectory } from './fixtures/app.ts';
import { createTestDatabase, TEST_STORE, type TestDatabase } from './fixtures/test-database.ts';

const FIRST_PAGE = { limit: 50, after: undefined, search: '' } as const;

const daysAgo = (days: number): string => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

/** The analytics counts over all time, every room. */
const countAllTime = async (storage: Storage) => {
  const allTime = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };
  const counts = await storage.countForAnalytics({
    roomId: undefined, current: allTime, previous: allTime, days: [], hours: [], roomsShown: 10, contributorsShown: 10,
  });
  return counts.current;
};

describe(`storage on ${TEST_STORE}`, () => {
  let dir: string;
  let removeDir: () => Promise<void>;
  before(async () => {
    ({ path: dir, remove: removeDir } = await temporaryDirectory());
  });
  after(() => removeDir());

  /** A storage on a new, empty database, closed and removed after `work`. */
  async function withEmptyStorage(work: (storage: Storage) => Promise<void>): Promise<void> {
    const database = await createTestDatabase(dir, `empty-${Math.random().toString(36).slice(2)}`);
    const storage = await database.openStorage();
    try {
      await work(storage);
    } finally {
      await storage.close();
      await database.remove();
    }
  }

  it('answers from an empty database, and says it is ready', () =>
    withEmptyStorage(async (storage) => {
      await storage.checkReady();
      assert.deepEqual(await storage.listRooms('alice', FIRST_PAGE), { rooms: [], next: null });
      assert.deepEqual(await countAllTime(storage), { messages: 0, authors: 0, rooms: 0 });
      assert.deepEqual(await storage.eventLogPosition(), { head: 0, prunedThrough: 0 });
    }));

  it('gives rooms, messages and events the contract\'s shapes: ISO 8601 UTC timestamps with milliseconds, ids in log order', () =>
    withEmptyStorage(async (storage) => {
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
      const { room, event: roomEvent } = await storage.createRoom({ name: 'general', topic: 'News', createdBy: 'alice' });
      assert.match(room.createdAt, iso);
      const posted = await storage.postMessage({ roomId: room.id, author: { sub: 'bob', name: 'Bob' }, body: 'hi', idempotencyKey: 'k', fingerprint: 'f' });
      assert.ok(posted.created);
      assert.match(posted.message.createdAt, iso);
      assert.equal(posted.message.editedAt, null);
      assert.ok(posted.event.id > roomEvent.id);
      const page = await storage.readEventsAfter(0, 10);
      assert.deepEqual(page.events.map((event) => event.id), [roomEvent.id, posted.event.id]);
      assert.deepEqual(page.events[1]?.data, posted.message);
      assert.equal(typeof page.through, 'number');
    }));

  it('counts actions per key in a window, each key apart, and starts again when the window is over', () =>
    withEmptyStorage(async (storage) => {
      const first = await storage.countAction('post:alice', 60_000);
      assert.equal(first.count, 1);
      assert.ok(first.resetInMs > 59_000 && first.resetInMs <= 60_000, `resetInMs ${first.resetInMs}`);
      assert.equal((await storage.countAction('post:alice', 60_000)).count, 2);
      assert.equal((await storage.countAction('post:bob', 60_000)).count, 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal((await storage.countAction('post:alice', 50)).count, 1, 'a window of 50 ms is over after 60 ms');
    }));

  it('counts every one of many concurrent actions on one key', () =>
    withEmptyStorage(async (storage) => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => storage.countAction('post:alice', 60_000)));
      assert.deepEqual(counts.map((c) => c.count).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    }));

  it('makes one message for one idempotency key, however many posts arrive at once', () =>
    withEmptyStorage(async (storage) => {
      const { room } = await storage.createRoom({ name: 'general', topic: '', createdBy: 'alice' });
      const post = () => storage.postMessage({ roomId: room.id, author: { sub: 'alice', name: 'Alice' }, body: 'once', idempotencyKey: 'same', fingerprint: 'f' });
      const outcomes = await Promise.all(Array.from({ length: 8 }, post));
      assert.equal(outcomes.filter((o) => o.created).length, 1);
      assert.equal(new Set(outcomes.map((o) => o.message.id)).size, 1);
      assert.equal((await storage.listMessages(room.id, { beforeSeq: undefined, limit: 50 })).messages.length, 1);
    }));

  it('logs concurrent writes as events with distinct, growing ids, none lost', () =>
    withEmptyStorage(async (storage) => {
      const { room } = await storage.createRoom({ name: 'general', topic: '', createdBy: 'alice' });
      const posted = await Promise.all(Array.from({ length: 30 }, (_, n) =>
        storage.postMessage({ roomId: room.id, author: { sub: 'alice', name: 'Alice' }, body: `m${n}`, idempotencyKey: `k${n}`, fingerprint: `f${n}` })));
      const ids = posted.map((p) => (p.created ? p.event.id : 0));
      const logged = (await storage.readEventsAfter(0, 100)).events.map((event) => event.id);
      assert.equal(new Set(ids).size, 30);
      assert.deepEqual([...ids].sort((a, b) => a - b), logged.slice(1));
    }));

  describe('with data', () => {
    const written = [daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(60)] as const;
    let seeded: TestDatabase;
    before(async () => {
      seeded = await createTestDatabase(dir, 'seeded');
      await (await seeded.openStorage()).close();
      await seeded.execute(`
        INSERT INTO rooms (id, name, topic, created_by, created_at) VALUES
          ('r2', 'random', 'Anything', 'bob', '2025-01-02T00:00:00.000Z'),
          ('r1', 'general', 'Team news', 'alice', '2025-01-01T00:00:00.000Z')
      `);
      const insert = 'INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)';
      await seeded.execute(insert, ['m2', 'r1', 'alice', 'Alice', 'again', written[1]]);
      await seeded.execute(insert, ['m1', 'r1', 'alice', 'Alice', 'hi', written[0]]);
      await seeded.execute(insert, ['m4', 'r2', 'carol', 'Carol', 'long ago', written[3]]);
      await seeded.execute(insert, ['m3', 'r2', 'bob', 'Bob', 'hello', written[2]]);
    });
    after(() => seeded.remove());

    it('lists rooms by name, with the contract field names and the viewer\'s unread counts', async () => {
      const storage = await seeded.openStorage();
      try {
        assert.deepEqual((await storage.listRooms('alice', FIRST_PAGE)).rooms, [
          { id: 'r1', name: 'general', topic: 'Team news', createdAt: '2025-01-01T00:00:00.000Z', unread: 0, lastMessageAt: written[0], mine: false },
          { id: 'r2', name: 'random', topic: 'Anything', createdAt: '2025-01-02T00:00:00.000Z', unread: 2, lastMessageAt: written[2], mine: false },
        ]);
      } finally {
        await storage.close();
      }
    });

    it('counts messages, rooms, and distinct authors in the database', async () => {
      const storage = await seeded.openStorage();
      try {
        assert.deepEqual(await countAllTime(storage), { messages: 4, authors: 3, rooms: 2 });
      } finally {
        await storage.close();
      }
    });

    it('leaves deleted messages, and authors with no other message, out of the counts (runs last: it changes the data)', async () => {
      const storage = await seeded.openStorage();
      try {
        assert.ok(await storage.deleteMessage('m4'));
        assert.deepEqual(await countAllTime(storage), { messages: 3, authors: 2, rooms: 2 });
      } finally {
        await storage.close();
      }
    });
  });
});
