/**
 * `npm run seed`, as the api package's entry point `@app/api/seed` gives it to the repository's
 * scripts (no deep import into api/src): a bad command line stops with the usage and writes
 * nothing; a good one fills DATABASE_URL's database.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it, mock } from 'node:test';
import { runSeedCommand } from '@app/api/seed';
import { temporaryDirectory } from './fixtures/app.ts';

describe('the seed command', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let databasePath: string;

  before(async () => {
    dir = await temporaryDirectory();
    databasePath = join(dir.path, 'seeded.db');
    process.env['DATABASE_URL'] = `file:${databasePath}`;
  });
  after(async () => {
    delete process.env['DATABASE_URL'];
    await dir.remove();
  });

  it('refuses a bad option with exit code 2 and the usage, and writes nothing', async () => {
    const errors = mock.method(console, 'error', () => undefined);
    try {
      assert.equal(await runSeedCommand(['--days', '0']), 2);
      assert.match(String(errors.mock.calls[0]?.arguments[0]), /^--days must be a whole number from 1 to 3660\n\nUsage: npm run seed/);
    } finally {
      errors.mock.restore();
    }
    assert.equal(existsSync(databasePath), false);
  });

  it("writes the same made-up history for the same options into DATABASE_URL's database", async () => {
    const logs = mock.method(console, 'log', () => undefined);
    const options = ['--messages', '300', '--days', '5', '--until', '2026-11-02T12:00:00Z'];
    try {
      assert.equal(await runSeedCommand(options), 0);
      assert.equal(await runSeedCommand(options), 0);
      assert.match(String(logs.mock.calls[1]?.arguments[0]), /^Wrote 300 demo messages .* replacing 300 from an earlier run/);
    } finally {
      logs.mock.restore();
    }
    const db = new DatabaseSync(databasePath);
    try {
      assert.equal(db.prepare("SELECT COUNT(*) AS n FROM messages WHERE id LIKE 'demo-%'").get()?.['n'], 300);
    } finally {
      db.close();
    }
  });
});
