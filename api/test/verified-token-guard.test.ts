/**
 * The guard's rules still hold for a token the verified-token cache remembers: each test first has
 * a genuine token accepted (so it is cached), then sends what an attacker would make of it, or the
 * same token once the world changed (keys rotated, time passed), through the whole app.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { ErrorCode, TokenRefusal } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { base64url, SignJWT } from 'jose';
import { JWKS_CACHE_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from '../src/auth/keys/remote-keys.ts';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createDpopKey, signProof, type DpopKey } from './fixtures/dpop.ts';
import { startTestIdp, type TestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { nowSeconds, signAccessToken, type TokenOptions } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';
const ME = 'http://localhost:4200/api/me';

describe('the guard, for tokens it verified a moment ago', () => {
  let key: SigningKey;
  let dir: { path: string; remove: () => Promise<void> };
  let jwksFile: string;
  let app: FastifyInstance;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    dir = await temporaryDirectory();
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
    app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile });
  });
  after(async () => {
    await app.close();
    await dir.remove();
  });

  const token = (options: Partial<TokenOptions> = {}) => signAccessToken(key, { issuer: ISSUER, ...options });
  const get = (target: FastifyInstance, authorization: string, url = '/api/me', dpop?: string) =>
    target.inject({ url, headers: { authorization, ...(dpop === undefined ? {} : { dpop }) } });
  /** A genuine token, accepted twice (so the second answer came from the cache, and it stays there). */
  const cachedToken = async (options: Partial<TokenOptions> = {}, target = app): Promise<string> => {
    const genuine = await token(options);
    for (let time = 0; time < 2; time++) assert.equal((await get(target, `Bearer ${genuine}`)).statusCode, 200);
    return genuine;
  };
  const assertRefused = async (response: { statusCode: number; json: () => { error: string; reason: string } }, reason: TokenRefusal) => {
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error, ErrorCode.InvalidToken);
    assert.equal(response.json().reason, reason);
  };

  it('refuses a forged token equal to a cached one but for its signature', async () => {
    const [header, payload, signature = ''] = (await cachedToken()).split('.');
    const bytes = base64url.decode(signature);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    await assertRefused(await get(app, `Bearer ${header}.${payload}.${base64url.encode(bytes)}`), TokenRefusal.Signature);
  });

  it('gives each request its own verdict and caller when the token checks of one turn run together (no answer under another\'s token)', async () => {
    const alice = await cachedToken();
    const bob = await token({ claims: { sub: 'bob', name: 'Bob' } });
    const [header, payload, signature = ''] = alice.split('.');
    const bytes = base64url.decode(signature);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    const forged = `${header}.${payload}.${base64url.encode(bytes)}`;
    // Sent at once: the app reads them in one turn and checks their tokens together at its end.
    const answers = await Promise.all([alice, forged, bob, alice].map((sent) => get(app, `Bearer ${sent}`)));
    assert.deepEqual(answers.map((answer) => answer.statusCode), [200, 401, 200, 200]);
    assert.deepEqual([answers[0], answers[2], answers[3]].map((answer) => answer?.json().sub), ['alice', 'bob', 'alice']);
    await assertRefused(answers[1]!, TokenRefusal.Signature);
  });

  it('refuses a cached token\'s signature under other claims (a role added to a token that verified)', async () => {
    const [header, , signature] = (await cachedToken()).split('.');
    const claims = { iss: ISSUER, aud: 'http://localhost:4200/api', sub: 'alice', roles: ['chat', 'analytics'], client_id: 'web', iat: nowSeconds(), exp: nowSeconds() + 300 };
    await assertRefused(await get(app, `Bearer ${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`), TokenRefusal.Signature);
  });

  it('refuses a cached token\'s claims under another header: alg none, HS256 with the public key', async () => {
    const [, payload] = (await cachedToken()).split('.');
    const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
    await assertRefused(await get(app, `Bearer ${encode({ alg: 'none', kid: key.kid, typ: 'at+jwt' })}.${payload}.`), TokenRefusal.Algorithm);
    const hmac = await new SignJWT(JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))))
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .sign(new TextEncoder().encode(key.publicPem));
    await assertRefused(await get(app, `Bearer ${hmac}`), TokenRefusal.Algorithm);
  });

  it('still enforces the route\'s role for a cached token (403 insufficient_scope, every time)', async () => {
    const aliceOnly = await cachedToken();
    for (let time = 0; time < 2; time++) {
      const response = await get(app, `Bearer ${aliceOnly}`, '/api/analytics/rooms');
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error, ErrorCode.InsufficientScope);
    }
  });

  it('refuses a token just past exp, within the clock tolerance, once the tolerance runs out: the cache never extends it', async () => {
    const justExpired = await cachedToken({ claims: { exp: nowSeconds() - 28 } });
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await assertRefused(await get(app, `Bearer ${justExpired}`), TokenRefusal.Expired);
  });

  it('refuses a token at the maximum age, within the clock tolerance, once the tolerance runs out, however far its exp', async () => {
    const now = nowSeconds();
    const atMaxAge = await cachedToken({ claims: { iat: now - 7200 - 28, exp: now + 3600 } });
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await assertRefused(await get(app, `Bearer ${atMaxAge}`), TokenRefusal.TooOld);
  });

  it('counts a cached token\'s requests against the per-user rate limit', async () => {
    const limited = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, RATE_LIMIT_PER_USER: '3' });
    try {
      const repeated = await token();
      const statuses = [];
      for (let time = 0; time < 4; time++) statuses.push((await get(limited, `Bearer ${repeated}`)).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('drops a cached token whose key left the JWKS file (rotation): 401 unknown_key', async () => {
    const file = await writeJwksFile(dir.path, jwksOf(key), 'rotating.json');
    const rotating = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: file });
    try {
      const old = await cachedToken({}, rotating);
      await writeJwksFile(dir.path, jwksOf(await createSigningKey('idp-key-2')), 'rotating.json');
      await assertRefused(await get(rotating, `Bearer ${old}`), TokenRefusal.UnknownKey);
    } finally {
      await rotating.close();
    }
  });

  describe('DPoP-bound', () => {
    let client: DpopKey;
    let thief: DpopKey;
    let bound: string;
    const proof = (signer: DpopKey = client) => signProof(signer, { htu: ME, accessToken: bound });

    before(async () => {
      client = await createDpopKey();
      thief = await createDpopKey();
      bound = await token({ claims: { cnf: { jkt: client.jkt } } });
      for (let time = 0; time < 2; time++) assert.equal((await get(app, `DPoP ${bound}`, '/api/me', await proof())).statusCode, 200);
    });

    it('refuses a cached DPoP-bound token sent without a proof (a copied token)', async () => {
      const response = await get(app, `DPoP ${bound}`);
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error, ErrorCode.InvalidDpopProof);
      assert.equal(response.json().reason, TokenRefusal.DpopProof);
    });

    it('refuses a cached DPoP-bound token sent as Bearer (its binding dropped)', async () => {
      await assertRefused(await get(app, `Bearer ${bound}`), TokenRefusal.SenderConstrained);
    });

    it('refuses a cached DPoP-bound token with a proof of the thief\'s own key', async () => {
      const response = await get(app, `DPoP ${bound}`, '/api/me', await proof(thief));
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().reason, TokenRefusal.DpopBinding);
    });

    it('refuses a cached DPoP-bound token with a proof already used (a captured request replayed)', async () => {
      const once = await proof();
      assert.equal((await get(app, `DPoP ${bound}`, '/api/me', once)).statusCode, 200);
      const response = await get(app, `DPoP ${bound}`, '/api/me', once);
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().reason, TokenRefusal.DpopReplay);
    });
  });
});

describe('the guard, for cached tokens, with keys fetched from the IdP', () => {
  let key: SigningKey;
  let idp: TestIdp;
  let app: FastifyInstance;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    key = await createSigningKey('idp-key-1');
    idp = await startTestIdp(jwksOf(key).keys);
    app = await buildTestApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_URI: idp.jwksUri });
  });
  afterEach(async () => {
    await app.close();
    await idp.close();
    mock.timers.reset();
  });

  it('drops a cached token once the IdP withdrew its key and the JWKS was fetched again: 401', async () => {
    const old = await signAccessToken(key, { issuer: idp.issuer });
    const me = async (token: string) => (await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
    assert.deepEqual([await me(old), await me(old)], [200, 200]);

    const next = await createSigningKey('idp-key-2');
    idp.setKeys([next.publicJwk]);
    mock.timers.tick(JWKS_REFETCH_COOLDOWN_MS + 1_000);
    assert.equal(await me(await signAccessToken(next, { issuer: idp.issuer })), 200, 'the new key made the API fetch the JWKS again');
    assert.equal(idp.jwksRequests(), 2);
    assert.equal(await me(old), 401);
  });

  it('fetches the keys again when they go stale though only cached tokens come, and then drops the withdrawn key\'s tokens', async () => {
    const old = await signAccessToken(key, { issuer: idp.issuer, claims: { exp: Math.floor(Date.now() / 1000) + 3600 } });
    const me = async (token: string) => (await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
    assert.deepEqual([await me(old), await me(old)], [200, 200]);

    idp.setKeys([(await createSigningKey('idp-key-2')).publicJwk]);
    mock.timers.tick(JWKS_CACHE_MAX_AGE_MS + 1_000);
    assert.equal(await me(old), 200, 'stale keys still verify while the refresh runs, as without a cache');
    while (idp.jwksRequests() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await me(old), 401);
  });
});
