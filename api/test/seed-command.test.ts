/**
 * `npm run seed`, as the api package's entry point `@app/api/seed` gives it to the repository's
 * scripts (no deep import into api/src): a bad command line stops with the usage and writes
 * nothing; a good one fills DATABASE_URL's database, SQLite or PostgreSQL as the run says (see
 * fixtures/test-database.ts).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it, mock } from 'node:test';
import { runSeedCommand } from '@app/api/seed';
import { temporaryDirectory } from './fixtures/app.ts';
import { createTestDatabase, TEST_STORE, type TestDatabase } from './fixtures/test-database.ts';

describe(`the seed command on ${TEST_STORE}`, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let database: TestDatabase;

  before(async () => {
    dir = await temporaryDirectory();
    database = await createTestDatabase(dir.path, 'seeded');
    process.env['DATABASE_URL'] = database.url;
  });
  after(async () => {
    delete process.env['DATABASE_URL'];
    await database.remove();
    await dir.remove();
  });

  /** Whether anything was written: the SQLite file exists, or the PostgreSQL database has a table. */
  const wroteAnything = async (): Promise<boolean> => {
    if (database.config.kind === 'sqlite') return existsSync(database.config.path);
    const [row] = await database.query<{ n: string }>("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
    return Number(row?.n) > 0;
  };

  it('refuses a bad option with exit code 2 and the usage, and writes nothing', async () => {
    const errors = mock.method(console, 'error', () => undefined);
    try {
      assert.equal(await runSeedCommand(['--days', '0']), 2);
      assert.match(String(errors.mock.calls[0]?.arguments[0]), /^--days must be a whole number from 1 to 3660\n\nUsage: npm run seed/);
    } finally {
      errors.mock.restore();
    }
    assert.equal(await wroteAnything(), false);
  });

  it("writes the same made-up history for the same options into DATABASE_URL's database", async () => {
    const logs = mock.method(console, 'log', () => undefined);
    const options = ['--messages', '300', '--days', '5', '--until', '2026-11-02T12:00:00Z'];
    try {
      assert.equal(await runSeedCommand(options), 0);
      assert.equal(await runSeedCommand(options), 0);
      const said = String(logs.mock.calls[1]?.arguments[0]);
      assert.match(said, /^Wrote 300 demo messages .* replacing 300 from an earlier run/);
      const where = database.config.kind === 'sqlite' ? database.config.path : `PostgreSQL ${new URL(database.url).host}${new URL(database.url).pathname}`;
      assert.ok(said.includes(` into ${where} in `), said);
    } finally {
      logs.mock.restore();
    }
    const [row] = await database.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM messages WHERE id LIKE 'demo-%'");
    assert.equal(Number(row?.n), 300);
  });
});
