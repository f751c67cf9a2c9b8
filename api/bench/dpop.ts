/**
 * `npm run bench:dpop` (and part of `npm run bench`): what a DPoP proof costs per API request,
 * beside bearer requests run at the same time, printed as ratios:
 *
 * - at the API: `GET /api/me` with a bearer token, and with a DPoP-bound token and its proof (each
 *   request its own proof: the proof checks, the signature with the proof's key, the key's
 *   thumbprint, `ath`, the replay memory), in the app (`inject`) and over loopback HTTP;
 * - in the client: making a request's credentials with oauth4webapi, with and without the DPoP
 *   handle (Node's WebCrypto standing in for the browser's).
 *
 * Batches alternate (bearer, DPoP, bearer…), so both see the same machine. A benchmark, not a
 * test: it asserts nothing; read the numbers. Options: `--quick`, `--rounds N`, `--batch N`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' }, batch: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? (values.quick ? 6 : 20));
const BATCH = Number(values.batch ?? (values.quick ? 100 : 250));
const ISSUER = 'http://localhost:4000';
const ORIGIN = 'http://localhost:4200';
const ME = `${ORIGIN}/api/me`;

const idp = await generateKeyPair('ES256', { extractable: true });
const idpJwk = { ...(await exportJWK(idp.publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
const client = await generateKeyPair('ES256', { extractable: true });
const clientJwk = await exportJWK(client.publicKey);
const jkt = await calculateJwkThumbprint(clientJwk, 'sha256');

const dir = await mkdtemp(join(tmpdir(), 'dpop-bench-'));
await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [idpJwk] }));
const app = await buildApp(
  loadConfig({
    OIDC_ISSUER: ISSUER,
    APP_ORIGIN: ORIGIN,
    OIDC_JWKS_FILE: join(dir, 'jwks.json'),
    DATABASE_URL: 'file::memory:',
    WEB_DIST: join(dir, 'no-web'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '100000000',
    RATE_LIMIT_PER_USER: '100000000',
  }),
  { dpopReplayCapacity: 10_000_000 },
);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const accessToken = (claims: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: `${ORIGIN}/api`, sub: 'alice', roles: ['chat'], client_id: 'web', jti: randomUUID(), iat: now, exp: now + 3600, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'at+jwt' })
    .sign(idp.privateKey);
};
const bearer = await accessToken();
const bound = await accessToken({ cnf: { jkt } });
const ath = createHash('sha256').update(bound).digest('base64url');

/** Proofs made ahead of the timed batch: the API's side is measured alone. */
const proofs = (count: number) =>
  Promise.all(
    Array.from({ length: count }, () =>
      new SignJWT({ jti: randomUUID(), htm: 'GET', htu: ME, iat: Math.floor(Date.now() / 1000), ath })
        .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: clientJwk })
        .sign(client.privateKey),
    ),
  );

type Send = (proof: string | undefined) => Promise<number>;
const viaInject: Send = async (proof) =>
  (await app.inject({ url: '/api/me', headers: proof === undefined ? { authorization: `Bearer ${bearer}` } : { authorization: `DPoP ${bound}`, dpop: proof } })).statusCode;
const viaHttp: Send = async (proof) => {
  const response = await fetch(`${base}/api/me`, { headers: proof === undefined ? { authorization: `Bearer ${bearer}` } : { authorization: `DPoP ${bound}`, dpop: proof } });
  await response.arrayBuffer();
  return response.status;
};

/** Microseconds per request of one batch, `proofs` or bearer, requests one after the other. */
async function batch(send: Send, withProofs: readonly string[] | undefined): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < BATCH; i++) {
    const status = await send(withProofs?.[i]);
    if (status !== 200) throw new Error(`request answered ${status}`);
  }
  return ((performance.now() - started) * 1000) / BATCH;
}

async function compare(name: string, send: Send): Promise<void> {
  const bearerTimes: number[] = [];
  const dpopTimes: number[] = [];
  for (let round = -2; round < ROUNDS; round++) {
    const ready = await proofs(BATCH);
    const b = await batch(send, undefined);
    const d = await batch(send, ready);
    if (round >= 0) bearerTimes.push(b), dpopTimes.push(d);
  }
  report(name, median(bearerTimes), median(dpopTimes));
}

/** The client's side: a request's credentials with oauth4webapi, sent to a `fetch` that answers at once. */
async function compareClient(): Promise<void> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const handle = oauth.DPoP({}, pair);
  const answer = async () => new Response(null, { status: 200 });
  const once = (DPoP: oauth.DPoPHandle | undefined) =>
    oauth.protectedResourceRequest(bound, 'GET', new URL(ME), undefined, null, {
      [oauth.customFetch]: answer,
      [oauth.allowInsecureRequests]: true,
      ...(DPoP === undefined ? {} : { DPoP }),
    });
  const time = async (DPoP: oauth.DPoPHandle | undefined) => {
    const started = performance.now();
    for (let i = 0; i < BATCH; i++) await once(DPoP);
    return ((performance.now() - started) * 1000) / BATCH;
  };
  const bearerTimes: number[] = [];
  const dpopTimes: number[] = [];
  for (let round = -2; round < ROUNDS; round++) {
    const b = await time(undefined);
    const d = await time(handle);
    if (round >= 0) bearerTimes.push(b), dpopTimes.push(d);
  }
  report('client: credentials of one request (oauth4webapi)', median(bearerTimes), median(dpopTimes));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(name: string, bearerUs: number, dpopUs: number): void {
  console.log(
    `${name.padEnd(52)} bearer ${bearerUs.toFixed(0).padStart(6)} µs   DPoP ${dpopUs.toFixed(0).padStart(6)} µs   ` +
      `+${(dpopUs - bearerUs).toFixed(0)} µs   ratio ${(dpopUs / bearerUs).toFixed(2)}×`,
  );
}

console.log(`DPoP cost per request: median of ${ROUNDS} rounds of ${BATCH} requests each, bearer and DPoP alternating`);
try {
  await compare('API: GET /api/me in the app (inject)', viaInject);
  await compare('API: GET /api/me over loopback HTTP', viaHttp);
  await compareClient();
} finally {
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
