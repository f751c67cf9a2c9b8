/**
 * A manual measurement, not a test: how long a chat message takes to reach a live stream served
 * by another API instance (through PostgreSQL's LISTEN/NOTIFY and the event log), beside the same
 * message reaching a stream on the instance that took the post (the baseline).
 *
 *   node api/test/load/cross-instance-delivery.ts [messages=500]
 *
 * Starts a throwaway PostgreSQL cluster and two `api/src/server.ts` processes on it (keys from a
 * file), opens one stream on each instance the way the SPA does, then posts messages to instance A
 * one at a time, each timed from just before its POST until each stream has it. Prints p50, p90,
 * p99 and the worst, for both streams, and their ratio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, startPostgresServer } from '@app/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { openEventStream, type EventStreamClient } from '../fixtures/event-stream-client.ts';

const MESSAGES = Number(process.argv[2] ?? 500);
const ISSUER = 'http://localhost:4000';
const AUDIENCE = 'http://localhost:4200/api';
const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

const dir = await mkdtemp(join(tmpdir(), 'cross-instance-'));
const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwksFile = join(dir, 'jwks.json');
await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
const token = (sub: string) =>
  new SignJWT({ sub, name: sub, roles: ['chat'], client_id: 'web', jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('1h')
    .sign(privateKey);

const postgres = await startPostgresServer();
const databaseUrl = await postgres.createDatabase('chat');
const servers: ChildProcess[] = [];

async function startInstance(): Promise<string> {
  const port = await findFreePort();
  servers.push(spawn(process.execPath, [SERVER], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_FILE: jwksFile,
      DATABASE_URL: databaseUrl,
      WEB_DIST: dir,
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_USER: '10000000',
      RATE_LIMIT_CHAT_POSTS: '10000000',
    },
  }));
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${base}/api/ready`).catch(() => undefined))?.ok === true) return base;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the instance at ${base} did not become ready`);
}

/** Waits for the message `id` on a stream; returns when it came (ms, performance clock). */
async function arrival(stream: EventStreamClient, id: string): Promise<number> {
  for (;;) {
    const event = await stream.next();
    if (event === 'end') throw new Error('the stream ended');
    if (event.type === 'message.created' && (event.data as { id: string }).id === id) return performance.now();
  }
}

const percentile = (sorted: readonly number[], share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
};

try {
  const [a, b] = [await startInstance(), await startInstance()];
  const author = `Bearer ${await token('bob')}`;
  const json = { 'content-type': 'application/json' };
  const room = await (await fetch(`${a}/api/chat/rooms`, { method: 'POST', headers: { authorization: author, ...json }, body: JSON.stringify({ name: 'latency', topic: '' }) })).json() as { id: string };
  const onA = await openEventStream(`${a}/api/chat/events`, { token: await token('alice') });
  const onB = await openEventStream(`${b}/api/chat/events`, { token: await token('carol') });
  await Promise.all([onA.until('ready'), onB.until('ready')]);

  const same: number[] = [];
  const cross: number[] = [];
  for (let n = 0; n < MESSAGES; n++) {
    const sent = performance.now();
    const response = await fetch(`${a}/api/chat/rooms/${room.id}/messages`, {
      method: 'POST',
      headers: { authorization: author, 'idempotency-key': randomUUID(), ...json },
      body: JSON.stringify({ body: `message ${n}` }),
    });
    const { id } = await response.json() as { id: string };
    const [atA, atB] = await Promise.all([arrival(onA, id), arrival(onB, id)]);
    same.push(atA - sent);
    cross.push(atB - sent);
  }
  onA.close();
  onB.close();

  const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
  const s = summary(same);
  const c = summary(cross);
  console.log(`\n${MESSAGES} messages posted to instance A one at a time, each timed from its POST until the stream has it (node ${process.version})\n`);
  console.log(`${''.padEnd(34)} ${'p50'.padStart(10)} ${'p90'.padStart(10)} ${'p99'.padStart(10)} ${'max'.padStart(10)}`);
  console.log(`${'stream on A (same instance)'.padEnd(34)} ${fmt(s.p50)} ${fmt(s.p90)} ${fmt(s.p99)} ${fmt(s.max)}`);
  console.log(`${'stream on B (another instance)'.padEnd(34)} ${fmt(c.p50)} ${fmt(c.p90)} ${fmt(c.p99)} ${fmt(c.max)}`);
  console.log(`${'B / A'.padEnd(34)} ${(c.p50 / s.p50).toFixed(2).padStart(9)}× ${(c.p90 / s.p90).toFixed(2).padStart(9)}× ${(c.p99 / s.p99).toFixed(2).padStart(9)}×`);
} finally {
  for (const server of servers) {
    if (server.exitCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    }
  }
  await postgres.remove();
  await rm(dir, { recursive: true, force: true });
}
