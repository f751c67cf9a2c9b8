/**
 * `npm run bench`: how long the analytics summary (every figure of the dashboard, what
 * `GET /api/analytics/summary` computes) takes over a million chat messages, beside two baselines
 * run on this machine at the same time, printed as ratios (the baseline without indexes runs once
 * per query: it takes seconds):
 *
 * - the same queries over 100,000 messages (does the time grow with the data, or worse?);
 * - the same queries over those 100,000 messages without the analytics indexes (migrations 4 and
 *   6; what the indexes buy).
 *
 * The data is the demo history (`npm run seed`), made once with fixed options and kept in the
 * system's temporary directory (`--fresh` makes it again). A benchmark, not a test: it asserts
 * nothing; read the numbers.
 *
 * With `--postgres <url>`, the same queries also run on PostgreSQL, over the same million (and
 * hundred thousand) messages, beside SQLite's: the user of `<url>` must be allowed to create
 * databases; the data goes into `<database>_bench_1000000` and `<database>_bench_100000` beside
 * the one the URL names (made once, kept; `--fresh` makes them again).
 *
 * Options: `--runs N` (default 15), `--fresh`, `--postgres <url>`.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import type { AnalyticsQuery } from '@app/contracts';
import pg from 'pg';
import { parseAnalyticsQuery } from '../src/analytics/analytics-query.ts';
import { DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory } from '../src/seed/demo-history.ts';
import { summarize } from '../src/analytics/summary.ts';
import { openStorage, writeDemoHistory } from '../src/storage/open-storage.ts';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import type { Storage } from '../src/storage/storage.ts';

const NOW_MS = Date.parse('2026-11-20T12:00:00Z');
const DAYS = 90;
const DIR = join(tmpdir(), 'teamspace-analytics-bench-v2');
const ANALYTICS_INDEXES = [
  'messages_live_by_time_author_room',
  'messages_live_by_room_time_author',
  'messages_live_by_author_room_and_time',
  'messages_live_by_author_and_time',
];

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, fresh: { type: 'boolean', default: false }, postgres: { type: 'string' } },
});
const RUNS = Math.max(3, Number(values.runs) || 15);

interface Case {
  readonly name: string;
  readonly query: AnalyticsQuery;
}

const CASES: readonly Case[] = [
  { name: 'last 90 days, every room, Europe/Paris', query: { period: '90d', tz: 'Europe/Paris' } },
  { name: 'last 30 days, every room, Asia/Kolkata', query: { period: '30d', tz: 'Asia/Kolkata' } },
  { name: 'last 7 days, every room, UTC', query: { period: '7d', tz: 'UTC' } },
  { name: 'last 90 days, one room, Europe/Paris', query: { period: '90d', tz: 'Europe/Paris', room: `${DEMO_ID_PREFIX}room-general` } },
  { name: '366 days (the maximum), America/New_York', query: { from: '2025-11-20', to: '2026-11-20', tz: 'America/New_York' } },
];

/** The demo history of `messages` messages over 90 days, made once. */
async function dataset(messages: number, withIndexes: boolean): Promise<string> {
  const path = join(DIR, `${messages}${withIndexes ? '' : '-without-indexes'}.db`);
  if (values.fresh) rmSync(path, { force: true });
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  process.stdout.write(`making ${messages.toLocaleString('en')} messages${withIndexes ? '' : ' without the analytics indexes'}… `);
  const started = performance.now();
  await writeDemoHistory({ kind: 'sqlite', path }, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory({ messages, days: DAYS, seed: 42, timeZone: 'Europe/Paris', nowMs: NOW_MS }));
  if (!withIndexes) {
    const db = new DatabaseSync(path);
    for (const index of ANALYTICS_INDEXES) db.exec(`DROP INDEX ${index}`);
    db.exec('VACUUM');
    db.close();
  }
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

/** The demo history of `messages` messages in a PostgreSQL database of its own beside `url`'s, made once. */
async function postgresDataset(url: string, messages: number): Promise<Storage> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || 'postgres'}_bench_${messages}`;
  target.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    if (values.fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`);
      process.stdout.write(`making ${messages.toLocaleString('en')} messages on PostgreSQL… `);
      const started = performance.now();
      await writeDemoHistory({ kind: 'postgres', url: target.href }, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory({ messages, days: DAYS, seed: 42, timeZone: 'Europe/Paris', nowMs: NOW_MS }));
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await admin.end();
  }
  return openStorage({ kind: 'postgres', url: target.href }, { info: () => undefined, warn: () => undefined });
}

/** Median and 95th percentile, in milliseconds, of `runs` summaries (after `warmups` runs). */
async function measure(storage: Storage, query: AnalyticsQuery, runs: number, warmups = 2): Promise<{ median: number; p95: number; messages: number; figures: string }> {
  const once = async () => {
    const started = performance.now();
    const selection = parseAnalyticsQuery(query, NOW_MS);
    const room = selection.roomId === undefined ? null : { id: selection.roomId, name: 'general' };
    const summary = await summarize(storage, selection, room);
    const figures = JSON.stringify(summary);
    return { ms: performance.now() - started, messages: summary.totals.messages.current, figures };
  };
  for (let i = 0; i < warmups; i++) await once();
  const times: number[] = [];
  let messages = 0;
  let figures = '';
  for (let i = 0; i < runs; i++) {
    const run = await once();
    times.push(run.ms);
    messages = run.messages;
    figures = run.figures;
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), messages, figures };
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1).padStart(6)}×`;

const million = openSqliteStorage(await dataset(1_000_000, true));
const hundredK = openSqliteStorage(await dataset(100_000, true));
const unindexed = openSqliteStorage(await dataset(100_000, false));

console.log(`\nanalytics summary, ${RUNS} runs each (median, p95); node ${process.version}\n`);
console.log(`${'query'.padEnd(42)} ${'1M median'.padStart(11)} ${'1M p95'.padStart(11)} ${'100k median'.padStart(11)} ${'1M / 100k'.padStart(10)} ${'no index'.padStart(11)} ${'no idx/idx'.padStart(10)}`);
for (const { name, query } of CASES) {
  const big = await measure(million, query, RUNS);
  const small = await measure(hundredK, query, RUNS);
  const bare = await measure(unindexed, query, 1, 0);
  console.log(
    `${name.padEnd(42)} ${fmt(big.median)} ${fmt(big.p95)} ${fmt(small.median)} ${ratio(big.median, small.median)}    ${fmt(bare.median)} ${ratio(bare.median, small.median)}` +
      `   (${big.messages.toLocaleString('en')} messages in the period at 1M)`,
  );
}
console.log('\n1M / 100k: 10× means the time grows with the data, no worse. no idx/idx: 100k without the analytics indexes, against 100k with them.');

if (values.postgres !== undefined) {
  const pgMillion = await postgresDataset(values.postgres, 1_000_000);
  const pgHundredK = await postgresDataset(values.postgres, 100_000);
  console.log(`\nthe same on PostgreSQL, beside SQLite, ${RUNS} runs each (median, p95)\n`);
  console.log(`${'query'.padEnd(42)} ${'SQLite 1M'.padStart(11)} ${'PG 1M'.padStart(11)} ${'PG 1M p95'.padStart(11)} ${'PG 100k'.padStart(11)} ${'PG/SQLite'.padStart(10)} ${'PG 1M/100k'.padStart(10)}`);
  for (const { name, query } of CASES) {
    const lite = await measure(million, query, RUNS);
    const big = await measure(pgMillion, query, RUNS);
    const small = await measure(pgHundredK, query, RUNS);
    if (big.figures !== lite.figures) throw new Error(`${name}: PostgreSQL's figures differ from SQLite's`);
    console.log(`${name.padEnd(42)} ${fmt(lite.median)} ${fmt(big.median)} ${fmt(big.p95)} ${fmt(small.median)} ${ratio(big.median, lite.median)}    ${ratio(big.median, small.median)}`);
  }
  console.log('\nPG/SQLite: PostgreSQL\'s time against SQLite\'s, same data, same figures (checked); PostgreSQL runs over a local socket, SQLite in the process.');
  await Promise.all([pgMillion.close(), pgHundredK.close()]);
}
await Promise.all([million.close(), hundredK.close(), unindexed.close()]);
