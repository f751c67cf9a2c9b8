/**
 * A manual measurement, not a test: how many live chat streams one API process holds, what they
 * cost it in memory, and how long a message takes to reach all of them.
 *
 *   node api/test/load/chat-streams.ts [streams=1000] [messages=20]
 *
 * Starts `api/src/server.ts` as its own process (keys from a file, a fresh SQLite file), opens the
 * streams from this process the way the SPA does (`fetch`, `Authorization` header), then posts
 * messages one at a time and waits until every stream has each. Numbers depend on the machine;
 * the client's own work (parsing N streams in one process) is included in the delivery times.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const STREAMS = Number(process.argv[2] ?? 1000);
const MESSAGES = Number(process.argv[3] ?? 20);
const ISSUER = 'http://localhost:4000';
const AUDIENCE = 'http://localhost:4200/api';
const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

const dir = await mkdtemp(join(tmpdir(), 'chat-streams-'));
const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwksFile = join(dir, 'jwks.json');
await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
const token = (sub: string) =>
  new SignJWT({ sub, name: sub, roles: ['chat'], client_id: 'web', jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('1h')
    .sign(privateKey);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [SERVER], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_JWKS_FILE: jwksFile,
    DATABASE_URL: `file:${join(dir, 'chat.db')}`,
    WEB_DIST: dir,
    RATE_LIMIT_PER_IP: '10000000',
    RATE_LIMIT_PER_USER: '10000000',
    RATE_LIMIT_CHAT_POSTS: '10000000',
    // Every stream comes from this one address: the per-address and per-instance caps out of the way.
    CHAT_STREAMS_PER_IP: '10000000',
    CHAT_STREAMS_PER_INSTANCE: '10000000',
  },
});

try {
  await waitForHealth();
  const bob = `Bearer ${await token('bob')}`;
  const json = { 'content-type': 'application/json' };
  const room = await (await fetch(`${base}/api/chat/rooms`, { method: 'POST', headers: { authorization: bob, ...json }, body: JSON.stringify({ name: 'load', topic: '' }) })).json() as { id: string };
  const rssBefore = await serverRssMiB();

  const opening = Date.now();
  const clients: Client[] = [];
  for (let batch = 0; batch < STREAMS; batch += 100) {
    const size = Math.min(100, STREAMS - batch);
    const opened = await Promise.all(Array.from({ length: size }, async (_, n) => openClient(await token(`user${batch + n}`))));
    clients.push(...opened);
  }
  await Promise.all(clients.map((client) => client.ready));
  const openMs = Date.now() - opening;
  const rssHeld = await serverRssMiB();

  const latencies: number[] = [];
  for (let n = 0; n < MESSAGES; n++) {
    const body = `message ${n}`;
    const sent = performance.now();
    const arrived = Promise.all(clients.map((client) => client.receive(body)));
    await fetch(`${base}/api/chat/rooms/${room.id}/messages`, {
      method: 'POST',
      headers: { authorization: bob, 'idempotency-key': randomUUID(), ...json },
      body: JSON.stringify({ body }),
    });
    await arrived;
    latencies.push(performance.now() - sent);
  }
  const stillOpen = clients.filter((client) => !client.ended()).length;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
  console.log(JSON.stringify({
    node: process.version,
    streams: STREAMS,
    streamsStillOpen: stillOpen,
    openAllMs: openMs,
    serverRssMiB: { before: rssBefore, holdingStreams: rssHeld, perStreamKiB: Math.round(((rssHeld - rssBefore) * 1024) / STREAMS) },
    deliveryToAllStreamsMs: { messages: MESSAGES, p50: at(0.5), p90: at(0.9), max: at(1) },
  }, null, 2));
  for (const client of clients) client.close();
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await rm(dir, { recursive: true, force: true });
}

interface Client {
  readonly ready: Promise<void>;
  receive(body: string): Promise<void>;
  ended(): boolean;
  close(): void;
}

/** One stream, parsed just enough: it waits for `ready`, then for messages by their text. */
async function openClient(accessToken: string): Promise<Client> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/chat/events`, { signal: abort.signal, headers: { authorization: `Bearer ${accessToken}` } });
  if (response.status !== 200 || response.body === null) throw new Error(`stream refused: ${response.status}`);
  const waiting = new Map<string, () => void>();
  const received = new Set<string>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let done = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes('event: ready')) markReady();
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined && block.includes('event: message.created')) {
            const { body } = JSON.parse(data) as { body: string };
            received.add(body);
            waiting.get(body)?.();
          }
        }
      }
    } catch {
      // closed
    }
    done = true;
  })();
  return {
    ready,
    receive: (body) => (received.has(body) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(body, resolve))),
    ended: () => done,
    close: () => abort.abort(),
  };
}

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server did not start');
}

async function serverRssMiB(): Promise<number> {
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}
