/**
 * Rate limits per client address and per user: 429 with `Retry-After`, and an address that
 * `X-Forwarded-For` cannot choose unless a trusted proxy says so (`TRUST_PROXY`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';
const LIMIT = 3;

describe('rate limits', () => {
  let key: SigningKey;
  let jwksFile: string;
  let removeDir: () => Promise<void>;
  const apps: FastifyInstance[] = [];

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await removeDir();
  });

  const startApp = async (env: Record<string, string>) => {
    const app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, ...env });
    apps.push(app);
    return app;
  };
  const bearer = async (sub = 'alice') => `Bearer ${await signAccessToken(key, { issuer: ISSUER, claims: { sub } })}`;
  /** Sends `count` requests one after the other; returns the statuses. */
  const send = async (app: FastifyInstance, count: number, request: () => Promise<InjectOptions> | InjectOptions) => {
    const statuses: number[] = [];
    for (let n = 0; n < count; n++) statuses.push((await app.inject(await request())).statusCode);
    return statuses;
  };

  function assertTooManyRequests(response: LightMyRequestResponse): void {
    assert.equal(response.statusCode, 429);
    assert.ok(Number(response.headers['retry-after']) >= 1, `Retry-After: ${String(response.headers['retry-after'])}`);
    assert.equal(response.json().error, 'too_many_requests');
    assert.match(response.json().message, /^Too many requests, try again in \d+ seconds$/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  }

  it('answers 429 with Retry-After and a JSON body once one address exceeds its limit; other addresses go on', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: String(LIMIT) });
    const from = (remoteAddress: string) => ({ url: '/api/health', remoteAddress });
    assert.deepEqual(await send(app, LIMIT, () => from('203.0.113.1')), Array(LIMIT).fill(200));
    assertTooManyRequests(await app.inject(from('203.0.113.1')));
    assert.equal((await app.inject({ url: '/chat', remoteAddress: '203.0.113.1' })).statusCode, 429, 'SPA pages count too');
    assert.equal((await app.inject(from('203.0.113.2'))).statusCode, 200);
  });

  it('counts requests before their token is verified: forged tokens cannot be tried faster than the limit', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: String(LIMIT) });
    assert.deepEqual(
      await send(app, LIMIT, () => ({ url: '/api/me', headers: { authorization: 'Bearer forged.token.value' } })),
      Array(LIMIT).fill(401),
    );
    assertTooManyRequests(await app.inject({ url: '/api/me', headers: { authorization: await bearer() } }));
  });

  it('does not let X-Forwarded-For choose the address when no proxy is trusted (spoofing)', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: String(LIMIT) });
    let n = 0;
    const spoofed = () => ({ url: '/api/health', headers: { 'x-forwarded-for': `198.51.100.${++n}` } });
    assert.deepEqual(await send(app, LIMIT, spoofed), Array(LIMIT).fill(200));
    assertTooManyRequests(await app.inject(spoofed()));
  });

  it('with TRUST_PROXY, counts each client by the address the proxy reports', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: String(LIMIT), TRUST_PROXY: '127.0.0.1' });
    const client = (address: string) => ({ url: '/api/health', headers: { 'x-forwarded-for': address } });
    assert.deepEqual(await send(app, LIMIT, () => client('203.0.113.7')), Array(LIMIT).fill(200));
    assertTooManyRequests(await app.inject(client('203.0.113.7')));
    assert.equal((await app.inject(client('203.0.113.8'))).statusCode, 200);
  });

  it('with TRUST_PROXY, a client cannot choose its address by prepending to X-Forwarded-For', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: String(LIMIT), TRUST_PROXY: '127.0.0.1' });
    let n = 0;
    const prepended = () => ({ url: '/api/health', headers: { 'x-forwarded-for': `198.51.100.${++n}, 203.0.113.9` } });
    assert.deepEqual(await send(app, LIMIT, prepended), Array(LIMIT).fill(200));
    assertTooManyRequests(await app.inject(prepended()));
  });

  it("limits one user's tokens across addresses (a stolen token used from many places)", async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: '1000', RATE_LIMIT_PER_USER: String(LIMIT) });
    let n = 0;
    const asAlice = async () => ({ url: '/api/me', remoteAddress: `203.0.113.${++n}`, headers: { authorization: await bearer('alice') } });
    assert.deepEqual(await send(app, LIMIT, asAlice), Array(LIMIT).fill(200));
    assertTooManyRequests(await app.inject(await asAlice()));
    assert.equal((await app.inject({ url: '/api/me', headers: { authorization: await bearer('bob') } })).statusCode, 200);
  });

  it('counts a user only once their token is verified: forged tokens never fill a per-user bucket', async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: '1000', RATE_LIMIT_PER_USER: String(LIMIT) });
    const forged = { url: '/api/me', headers: { authorization: 'Bearer forged.token.value' } };
    assert.deepEqual(await send(app, LIMIT + 2, () => forged), Array(LIMIT + 2).fill(401));
    assert.equal((await app.inject({ url: '/api/me', headers: { authorization: await bearer('alice') } })).statusCode, 200);
  });

  it("does not count a request refused for a missing role against the user's limit", async () => {
    const app = await startApp({ RATE_LIMIT_PER_IP: '1000', RATE_LIMIT_PER_USER: String(LIMIT) });
    const withoutRole = async () => ({ url: '/api/analytics/rooms', headers: { authorization: await bearer('alice') } });
    assert.deepEqual(await send(app, LIMIT + 1, withoutRole), Array(LIMIT + 1).fill(403));
    assert.equal((await app.inject({ url: '/api/me', headers: { authorization: await bearer('alice') } })).statusCode, 200);
  });
});
