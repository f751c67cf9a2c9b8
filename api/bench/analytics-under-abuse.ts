/**
 * `node api/bench/analytics-under-abuse.ts`: what one analyst's summaries cost everyone else, the
 * attack of issue 11 measured. A benchmark, not a test: it asserts nothing; read the numbers.
 *
 * Over the same chat history (the demo history, `--messages` messages over 90 days, default
 * 100,000) it starts the real server (`api/src/server.ts`, its own process, keys from a file) on two
 * databases and prints:
 *
 * 1. the 90-day analytics summary's time (`GET /api/analytics/summary?period=90d`, median of
 *    `--runs`, each in another time zone so that none comes from a cache) with the history's 10 rooms, and with 2,000 rooms and 400 more authors: the
 *    same history, plus what 400 ordinary users did (each made 5 rooms and wrote one message: 1,990
 *    rooms more, 400 messages more). The second time, as a ratio of the first, says whether the
 *    cost follows the rooms × authors or the messages;
 * 2. `GET /api/health`'s worst and median answer time while four such summaries (four analysts')
 *    run at once on the 2,000-room database, asked one after another from this process (the server's event loop, not
 *    the network, is what it measures), beside the same with no summary running (the baseline).
 *
 * With `--postgres`, the same again on a throwaway PostgreSQL cluster (Debian's `postgresql`,
 * started and removed by the script, as the tests do). Databases are made once per day in the
 * system's temporary directory (the demo history ends today); `--fresh` makes them again.
 *
 * Options: `--messages N`, `--runs N` (default 9), `--fresh`, `--postgres`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFreePort, startPostgresServer } from '@app/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory } from '../src/seed/demo-history.ts';
import { environmentWith } from '../src/config.ts';
import { writeDemoHistory } from '../src/storage/open-storage.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '9' },
    fresh: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
  },
});
const MESSAGES = Math.max(1000, Number(values.messages) || 100_000);
const RUNS = Math.max(3, Number(values.runs) || 9);
const ROOMS_BIG = 2_000;
const ATTACKERS = 400;
const ISSUER = 'http://localhost:4000';
const AUDIENCE = 'http://localhost:4200/api';
const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const TODAY = new Date().toISOString().slice(0, 10);
const DIR = join(tmpdir(), `teamspace-abuse-bench-v1-${TODAY}-${MESSAGES}`);

if (values.fresh) rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwksFile = join(DIR, 'jwks.json');
writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
/** Four analysts: the four summaries at once are four people's, each asking once. */
const analysts = await Promise.all(['bob', 'dana', 'erin', 'femi'].map((sub) =>
  new SignJWT({ sub, name: sub, roles: ['chat', 'analytics'], client_id: 'web', jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('2h')
    .sign(privateKey)));

/**
 * Every summary asks in another time zone (the same work: 90 local days), so none is answered from
 * a cache the server may keep: each is worked out.
 */
const ZONES = [
  'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/London', 'Europe/Lisbon', 'Europe/Oslo', 'Europe/Vienna',
  'Europe/Warsaw', 'Europe/Prague', 'Europe/Athens', 'Europe/Helsinki', 'America/New_York', 'America/Chicago', 'America/Denver',
  'America/Los_Angeles', 'America/Toronto', 'America/Sao_Paulo', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Kolkata', 'Asia/Singapore',
  'Asia/Dubai', 'Australia/Sydney', 'Pacific/Auckland', 'Africa/Lagos', 'Africa/Nairobi', 'UTC',
];
let asked = 0;
const nextSummaryPath = () => `/api/analytics/summary?period=90d&tz=${encodeURIComponent(ZONES[asked++ % ZONES.length] ?? 'UTC')}`;

/** The rooms and the one message each of the 400 users added (made up, the same every run). */
function attack(): { rooms: { id: string; name: string; by: string }[]; messages: { id: string; roomId: string; sub: string; at: string }[] } {
  const rooms: { id: string; name: string; by: string }[] = [];
  const messages: { id: string; roomId: string; sub: string; at: string }[] = [];
  const roomsToMake = ROOMS_BIG - DEMO_ROOMS.length - 2;
  for (let n = 0; n < roomsToMake; n++) {
    const by = `user-${n % ATTACKERS}`;
    rooms.push({ id: `bench-room-${n}`, name: `room-${n}`, by });
  }
  for (let n = 0; n < ATTACKERS; n++) {
    const at = new Date(Date.now() - (n % 30) * 86_400_000 - 3_600_000).toISOString();
    messages.push({ id: `bench-message-${n}`, roomId: `bench-room-${n}`, sub: `user-${n}`, at });
  }
  return { rooms, messages };
}

const history = () => generateDemoHistory({ messages: MESSAGES, days: 90, seed: 42, timeZone: 'Europe/Paris', nowMs: Date.now() - 60_000 });
/** Two rooms without messages beside the demo's eight: ten in all. */
const QUIET_ROOMS = [{ name: 'quiet-one', topic: '' }, { name: 'quiet-two', topic: '' }];

/** The two SQLite files: 10 rooms, and the same plus the attack. */
async function sqliteDatabases(): Promise<{ small: string; big: string }> {
  const small = join(DIR, 'rooms-10.db');
  const big = join(DIR, `rooms-${ROOMS_BIG}.db`);
  if (!existsSync(small)) {
    process.stdout.write(`making ${MESSAGES.toLocaleString('en')} messages in 10 rooms (SQLite)… `);
    await writeDemoHistory({ kind: 'sqlite', path: small }, DEMO_ID_PREFIX, [...DEMO_ROOMS, ...QUIET_ROOMS], history());
    console.log('done');
  }
  if (!existsSync(big)) {
    const db = new DatabaseSync(small);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    copyFileSync(small, big);
    const copy = new DatabaseSync(big);
    const { rooms, messages } = attack();
    copy.exec('BEGIN');
    const room = copy.prepare("INSERT INTO rooms (id, name, topic, created_by) VALUES (?, ?, '', ?)");
    for (const r of rooms) room.run(r.id, r.name, r.by);
    const message = copy.prepare('INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of messages) message.run(m.id, m.roomId, m.sub, m.sub, 'hello', m.at);
    copy.exec('COMMIT');
    copy.close();
  }
  return { small, big };
}

/** The same two databases on a PostgreSQL server. */
async function postgresDatabases(adminUrl: string): Promise<{ small: string; big: string }> {
  const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).href;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of ['bench_rooms_small', 'bench_rooms_big']) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      process.stdout.write(`making ${MESSAGES.toLocaleString('en')} messages in ${name} (PostgreSQL)… `);
      await writeDemoHistory({ kind: 'postgres', url: urlOf(name) }, DEMO_ID_PREFIX, [...DEMO_ROOMS, ...QUIET_ROOMS], history());
      console.log('done');
    }
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: urlOf('bench_rooms_big') });
  await client.connect();
  try {
    const { rooms, messages } = attack();
    await client.query('BEGIN');
    for (const r of rooms) await client.query("INSERT INTO rooms (id, name, topic, created_by) VALUES ($1, $2, '', $3)", [r.id, r.name, r.by]);
    for (const m of messages) {
      await client.query('INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at) VALUES ($1, $2, $3, $3, $4, $5)', [m.id, m.roomId, m.sub, 'hello', m.at]);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return { small: urlOf('bench_rooms_small'), big: urlOf('bench_rooms_big') };
}

interface RunningServer {
  readonly base: string;
  stop(): Promise<void>;
}

/** The real server, in its own process, on `databaseUrl`, with the request limits out of the way. */
async function startServer(databaseUrl: string): Promise<RunningServer> {
  const port = await findFreePort();
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: environmentWith()['PATH'] ?? '',
      PORT: String(port),
      LOG_LEVEL: 'error',
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_FILE: jwksFile,
      DATABASE_URL: databaseUrl.startsWith('postgres') ? databaseUrl : `file:${databaseUrl}`,
      WEB_DIST: DIR,
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_USER: '10000000',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('the server stopped');
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function summaryOnce(base: string, analyst = 0): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${nextSummaryPath()}`, { headers: { authorization: `Bearer ${analysts[analyst] ?? ''}` } });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function summaryTime(base: string): Promise<{ median: number; statuses: string }> {
  await summaryOnce(base);
  const runs: { ms: number; status: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await summaryOnce(base));
  return { median: median(runs.map((run) => run.ms)), statuses: [...new Set(runs.map((run) => run.status))].join(',') };
}

/** `/api/health` asked again and again, one at a time, until `until` settles. */
async function healthWhile(base: string, until: Promise<unknown>): Promise<{ worst: number; median: number; count: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const times: number[] = [];
  while (!done || times.length < 5) {
    const started = performance.now();
    await (await fetch(`${base}/api/health`)).arrayBuffer();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { worst: Math.max(...times), median: median(times), count: times.length };
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`.padStart(10);

async function measureStore(label: string, databases: { small: string; big: string }): Promise<void> {
  console.log(`\n${label}: ${MESSAGES.toLocaleString('en')} messages over 90 days; summary of the last 90 days, median of ${RUNS}`);
  const small = await startServer(databases.small);
  let smallTime: { median: number; statuses: string };
  try {
    smallTime = await summaryTime(small.base);
  } finally {
    await small.stop();
  }
  const big = await startServer(databases.big);
  try {
    const bigTime = await summaryTime(big.base);
    const line = (label: string, text: string) => console.log(`  ${label.padEnd(54)}${text}`);
    line('summary, 10 rooms, 26 authors', `${ms(smallTime.median)}   (HTTP ${smallTime.statuses})`);
    line(`summary, ${ROOMS_BIG.toLocaleString('en')} rooms, ${26 + ATTACKERS} authors (+${ATTACKERS} messages)`, `${ms(bigTime.median)}   (HTTP ${bigTime.statuses})   ${(bigTime.median / smallTime.median).toFixed(1)}× the 10 rooms`);
    const idle = await healthWhile(big.base, new Promise((resolve) => setTimeout(resolve, 2_000)));
    const four = Promise.all(Array.from({ length: 4 }, (_, analyst) => summaryOnce(big.base, analyst)));
    const busy = await healthWhile(big.base, four);
    const statuses = [...new Set((await four).map((run) => run.status))].join(',');
    line('/api/health, nothing else running', `worst ${ms(idle.worst)}, median ${ms(idle.median)}  (${idle.count} requests)`);
    line(`/api/health while four summaries run (${ROOMS_BIG.toLocaleString('en')} rooms)`, `worst ${ms(busy.worst)}, median ${ms(busy.median)}  (${busy.count} requests; summaries: HTTP ${statuses})`);
  } finally {
    await big.stop();
  }
}

console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
await measureStore('SQLite', await sqliteDatabases());
if (values.postgres) {
  const server = await startPostgresServer();
  try {
    await measureStore('PostgreSQL', await postgresDatabases(server.url));
  } finally {
    await server.remove();
  }
}
