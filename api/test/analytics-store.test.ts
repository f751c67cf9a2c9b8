/**
 * The demo history written into the app's database (`npm run seed`), SQLite or PostgreSQL as the
 * run says (see fixtures/test-database.ts): through the app's migrations, replacing only itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory, type DemoHistoryOptions } from '../src/seed/demo-history.ts';
import { writeDemoHistory } from '../src/storage/open-storage.ts';
import { temporaryDirectory } from './fixtures/app.ts';
import { createTestDatabase, TEST_STORE, type TestDatabase } from './fixtures/test-database.ts';

const OPTIONS: DemoHistoryOptions = {
  messages: 500,
  days: 28,
  seed: 7,
  timeZone: 'Europe/Paris',
  nowMs: Date.parse('2026-11-18T16:00:00Z'),
};

describe(`demo history written to ${TEST_STORE}`, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let database: TestDatabase;
  before(async () => {
    dir = await temporaryDirectory();
    database = await createTestDatabase(dir.path, 'seeded');
  });
  after(async () => {
    await database.remove();
    await dir.remove();
  });

  it('writes through the app\'s migrations, and a second run replaces the first, leaving real messages alone', async () => {
    const storage = await database.openStorage();
    const { room } = await storage.createRoom({ name: 'general', topic: 'Real', createdBy: 'alice' });
    await storage.postMessage({ roomId: room.id, author: { sub: 'alice', name: 'Alice' }, body: 'real', idempotencyKey: 'k1', fingerprint: 'f' });
    await storage.close();

    const first = await writeDemoHistory(database.config, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(OPTIONS));
    assert.deepEqual({ messages: first.messages, replaced: first.replaced, roomsCreated: first.roomsCreated }, { messages: 500, replaced: 0, roomsCreated: DEMO_ROOMS.length - 1 });
    const second = await writeDemoHistory(database.config, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(OPTIONS));
    assert.deepEqual({ messages: second.messages, replaced: second.replaced, roomsCreated: second.roomsCreated }, { messages: 500, replaced: 500, roomsCreated: 0 });

    const count = async (sql: string, params: unknown[] = []) => Number((await database.query<{ n: number | string }>(sql, params))[0]?.n);
    assert.equal(await count('SELECT COUNT(*) AS n FROM messages'), 501);
    assert.deepEqual(await database.query("SELECT body FROM messages WHERE id NOT LIKE 'demo-%'"), [{ body: 'real' }]);
    assert.notEqual(await count("SELECT COUNT(*) AS n FROM messages WHERE room_id = ? AND id LIKE 'demo-%'", [room.id]), 0, 'the existing room is used');
    assert.equal(await count("SELECT COUNT(*) AS n FROM messages WHERE deleted_at IS NOT NULL AND body <> ''"), 0, 'deleted without text');
  });
});
