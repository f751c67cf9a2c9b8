/**
 * P4 of `npm run bench`, chat: how long one message takes to reach every live stream on one API
 * instance, for N = 500 and 5,000 streams (`--quick`: 100 and 500), beside the same for one
 * stream, measured in the same run. The API runs as its own process (pinned to core 0 when it can
 * be); the streams are held by four client processes of their own (pinned to core 1), so the
 * figure is the server's, not the readers'. Each message's delay is counted per stream, from just
 * before its POST to the moment that stream read it; the p99 is over every stream and message.
 * Prints its rows for `run.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitRow, ratioRow } from '../bench-table.ts';
import { startBenchIdp } from '../guard/bench-idp.ts';
import { PINNED, startPinnedServer } from '../guard/pinned-process.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const SIZES = values.quick ? [100, 500] : [500, 5_000];
const MESSAGES = values.quick ? 3 : 10;
const CLIENT_PROCESSES = 4;

const percentile = (sorted: readonly number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;

const idp = await startBenchIdp();
const dir = await mkdtemp(join(tmpdir(), 'stream-bench-'));
const server = await startPinnedServer('our API', ['../../src/server.ts'], {
  OIDC_ISSUER: idp.issuer,
  OIDC_AUDIENCE: idp.audience,
  OIDC_JWKS_URI: idp.jwksUri,
  APP_ORIGIN: 'http://localhost:4200',
  DATABASE_URL: `file:${join(dir, 'chat.db')}`,
  WEB_DIST: '/nonexistent',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_IP: '1000000000',
  RATE_LIMIT_PER_USER: '1000000000',
  RATE_LIMIT_CHAT_POSTS: '1000000000',
  // Every stream comes from 127.0.0.1, and the streams of one size may still be closing when the
  // next size opens: the caps are lifted here, as the rate limits are.
  CHAT_STREAMS_PER_IP: '20000',
  CHAT_STREAMS_PER_INSTANCE: '20000',
});
const poster = `Bearer ${idp.signTokens('ES256', 1)[0] ?? ''}`;
const json = { authorization: poster, 'content-type': 'application/json' };

/** Delivery delays (ms), per stream and message, with `streams` streams open. */
async function deliveryTo(streams: number): Promise<number[]> {
  // Each stream is another user's (one user may hold only a few), none of them the poster.
  const tokens = idp.signTokens('ES256', streams, { distinctUsers: true });
  const processes = Math.min(CLIENT_PROCESSES, streams);
  const clients: ChildProcess[] = [];
  const arrivalsByBody = new Map<string, bigint[]>();
  const waiters = new Map<string, () => void>();
  try {
    for (let n = 0; n < processes; n++) {
      const client = fork(new URL('stream-client.ts', import.meta.url).pathname, [], PINNED ? { execPath: 'taskset', execArgv: ['-c', '1', process.execPath] } : {});
      clients.push(client);
    }
    const ready = clients.map((client, n) => new Promise<void>((resolve, reject) => {
      client.on('message', (message: { kind: string; body?: string; times?: string[] }) => {
        if (message.kind === 'ready') resolve();
        if (message.kind !== 'arrived' || message.body === undefined) return;
        const times = arrivalsByBody.get(message.body) ?? [];
        times.push(...(message.times ?? []).map(BigInt));
        arrivalsByBody.set(message.body, times);
        if (times.length === streams) waiters.get(message.body)?.();
      });
      client.once('exit', (code) => reject(new Error(`a stream client exited (${String(code)})`)));
      client.send({ kind: 'open', url: `${server.url}/api/chat/events`, tokens: tokens.filter((_, index) => index % processes === n) });
    }));
    await Promise.all(ready);
    const room = (await (await fetch(`${server.url}/api/chat/rooms`, { method: 'POST', headers: json, body: JSON.stringify({ name: `bench-${streams}-${Date.now()}`, topic: '' }) })).json()) as { id: string };

    const delays: number[] = [];
    for (let message = 0; message < MESSAGES + 1; message++) {
      const body = `bench ${streams} ${message}`;
      const all = new Promise<void>((resolve) => waiters.set(body, resolve));
      const sent = process.hrtime.bigint();
      const posted = await fetch(`${server.url}/api/chat/rooms/${room.id}/messages`, { method: 'POST', headers: { ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ body }) });
      if (posted.status !== 201) throw new Error(`the post answered ${posted.status}`);
      await all;
      // The first message warms the path; the others count.
      if (message > 0) for (const at of arrivalsByBody.get(body) ?? []) delays.push(Number(at - sent) / 1e6);
    }
    return delays.sort((a, b) => a - b);
  } finally {
    for (const client of clients) {
      client.removeAllListeners('exit');
      if (client.connected) client.send({ kind: 'close' });
    }
    await Promise.all(clients.map((client) => (client.exitCode !== null ? undefined : new Promise((resolve) => client.once('exit', resolve)))));
  }
}

try {
  const one = await deliveryTo(1);
  console.log(`1 stream: p50 ${percentile(one, 0.5).toFixed(1)} ms, p99 ${percentile(one, 0.99).toFixed(1)} ms`);
  for (const streams of SIZES) {
    const delays = await deliveryTo(streams);
    const p99 = percentile(delays, 0.99);
    console.log(`${streams} streams: p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${percentile(delays, 1).toFixed(1)} ms`);
    const goal = streams === 5_000;
    emitRow({
      ...ratioRow('P4', `a message to ${streams.toLocaleString('en')} live streams, p99 (p50 ${percentile(delays, 0.5).toFixed(1)} ms)`, p99, 'ms', 'to 1 stream, p99', percentile(one, 0.99), goal ? '≤ 100 ms' : ''),
      met: goal ? p99 <= 100 : undefined,
    });
  }
} finally {
  await server.stop();
  idp.close();
  await rm(dir, { recursive: true, force: true });
}
