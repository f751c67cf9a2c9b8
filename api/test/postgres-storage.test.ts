/**
 * What is PostgreSQL's own in the storage, on a real server this file starts: versioned migrations
 * under an advisory lock, analytics queries that walk the partial indexes, and which driver errors
 * count as an outage. (The features' queries are tested on both databases by storage.test.ts and
 * the API tests; several instances by instances.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPostgresServer, type PostgresServer } from '@app/testing';
import pg from 'pg';
import { SchemaTooNewError } from '../src/storage/migration.ts';
import { migratePostgres, POSTGRES_MIGRATIONS } from '../src/storage/postgres/migrations.ts';
import { isDatabaseOutage } from '../src/storage/postgres/outage.ts';
import { POSTGRES_LIMITS } from '../src/storage/postgres/pool.ts';
import { DatabaseUnavailableError } from '../src/storage/database-unavailable.ts';

const ALL_VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(() => server.remove());

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('PostgreSQL migrations', () => {
  it('applies each migration once', async () => {
    const url = await server.createDatabase();
    assert.deepEqual(await migratePostgres(url, POSTGRES_LIMITS), ALL_VERSIONS);
    assert.deepEqual(await migratePostgres(url, POSTGRES_LIMITS), []);
  });

  it('lets one of several migrators starting at once migrate, while the others wait and find nothing to do', async () => {
    const url = await server.createDatabase();
    const applied = await Promise.all(Array.from({ length: 4 }, () => migratePostgres(url, POSTGRES_LIMITS)));
    assert.deepEqual(applied.filter((versions) => versions.length > 0), [ALL_VERSIONS]);
    assert.deepEqual((await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version), ALL_VERSIONS);
  });

  it('leaves the previous version intact when a migration fails', async () => {
    const url = await server.createDatabase();
    await migratePostgres(url, POSTGRES_LIMITS);
    const latest = ALL_VERSIONS.at(-1) ?? 0;
    const broken = [...POSTGRES_MIGRATIONS, { version: latest + 1, description: 'broken', sql: 'CREATE TABLE half (id TEXT); NOT SQL' }];
    await assert.rejects(migratePostgres(url, POSTGRES_LIMITS, broken));
    assert.deepEqual(await query(url, 'SELECT MAX(version) AS v FROM schema_migrations'), [{ v: latest }]);
    assert.deepEqual(await query(url, "SELECT to_regclass('half') AS t"), [{ t: null }]);
  });

  it('refuses a database written by a newer version of the app', async () => {
    const url = await server.createDatabase();
    await migratePostgres(url, POSTGRES_LIMITS);
    await query(url, "INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
    await assert.rejects(migratePostgres(url, POSTGRES_LIMITS), SchemaTooNewError);
  });
});

describe('PostgreSQL analytics queries', () => {
  it('can answer every count from the partial indexes of live messages, never scanning the messages table (the names: one seek per author)', async () => {
    const url = await server.createDatabase();
    await migratePostgres(url, POSTGRES_LIMITS);
    const { createPostgresAnalyticsStore } = await import('../src/storage/postgres/analytics-store.ts');
    // The statements the store sends, as PostgreSQL receives them, explained instead of run.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // With sequential scans priced out, a plan that still scans the table has no index to use.
    await client.query('SET enable_seqscan = off');
    const plans: string[] = [];
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        const rows = (await client.query(`EXPLAIN ${sql}`, params)).rows as { 'QUERY PLAN': string }[];
        plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
        return { rows: [] };
      },
    } as unknown as pg.Pool;
    const span = { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };
    try {
      for (const roomId of [undefined, 'room-1']) {
        await createPostgresAnalyticsStore(explaining).countForAnalytics({
          roomId, current: span, previous: span, days: [span], hours: [span], roomsShown: 5, contributorsShown: 5,
        });
      }
    } finally {
      await client.end();
    }
    assert.equal(plans.length, 10, 'pairs (current, previous), per hour, per day and the names, for every room and for one');
    for (const plan of plans) {
      assert.doesNotMatch(plan, /Seq Scan on messages/, plan);
      assert.match(plan, /Index (Only )?Scan (Backward )?using messages_live_/, plan);
    }
  });
});

describe('PostgreSQL outages', () => {
  it('counts refused connections, a server shutting down and timeouts as an outage', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const shuttingDown = Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'), { code: '57P01' });
    const statementTimeout = Object.assign(new pg.DatabaseError('canceling statement due to statement timeout', 0, 'error'), { code: '57014' });
    for (const error of [refused, shuttingDown, statementTimeout, new Error('Connection terminated unexpectedly'), new Error('timeout exceeded when trying to connect'), new Error('Query read timeout'), new DatabaseUnavailableError()]) {
      assert.equal(isDatabaseOutage(error), true, error.message);
    }
  });

  it("answers an outage itself, 503 database_unavailable with Retry-After, the driver's error in the log line only", () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED db.internal:5432'), { code: 'ECONNREFUSED' });
    const problem = new DatabaseUnavailableError(undefined, { cause: driverError }).toProblem();
    assert.equal(problem.statusCode, 503);
    assert.deepEqual(problem.headers, { 'retry-after': '2' });
    assert.equal(problem.body.error, 'database_unavailable');
    assert.doesNotMatch(problem.body.message, /ECONNREFUSED|db\.internal|5432/);
    assert.equal(problem.log.level, 'warn');
    assert.equal(problem.log.fields['err'], driverError);
  });

  it('does not count a bug or a refused statement as an outage (those stay 500s, and are fixed)', () => {
    const syntax = Object.assign(new pg.DatabaseError('syntax error at or near "NOT"', 0, 'error'), { code: '42601' });
    const unique = Object.assign(new pg.DatabaseError('duplicate key value violates unique constraint', 0, 'error'), { code: '23505' });
    for (const error of [syntax, unique, new TypeError('Cannot read properties of undefined'), 'a string']) {
      assert.equal(isDatabaseOutage(error), false, String(error));
    }
  });
});
