/**
 * Keys by GET from the IdP: discovery, then its `jwks_uri` (or `OIDC_JWKS_URI`), against a real
 * HTTP server on localhost. And what happens when the IdP is down or not who it claims to be.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { IDP_RETRY_COOLDOWN_MS } from '../src/auth/keys/discovery.ts';
import { JWKS_CACHE_MAX_AGE_MS, JWKS_REFETCH_COOLDOWN_MS } from '../src/auth/keys/remote-keys.ts';
import { bearerChallenge, buildTestApp } from './fixtures/app.ts';
import { closedPort, startTestIdp, type TestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, type SigningKey } from './fixtures/keys.ts';
import { signAccessToken } from './fixtures/tokens.ts';

describe('remote keys', () => {
  let key: SigningKey;
  let idp: TestIdp;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    idp = await startTestIdp(jwksOf(key).keys);
  });
  after(() => idp.close());

  const withApp = async (env: Record<string, string>, run: (app: FastifyInstance) => Promise<void>) => {
    const app = await buildTestApp(env);
    try {
      await run(app);
    } finally {
      await app.close();
    }
  };
  const me = async (app: FastifyInstance, issuer: string) =>
    app.inject({ url: '/api/me', headers: { authorization: `Bearer ${await signAccessToken(key, { issuer })}` } });

  it('verifies a token with the keys found through discovery', async () => {
    await withApp({ OIDC_ISSUER: idp.issuer }, async (app) => {
      assert.equal((await me(app, idp.issuer)).statusCode, 200);
      assert.ok(idp.requests.includes('/.well-known/openid-configuration'));
      assert.ok(idp.requests.includes('/jwks'));
    });
  });

  it('verifies a token with the keys at OIDC_JWKS_URI', async () => {
    idp.requests.length = 0;
    await withApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_URI: idp.jwksUri }, async (app) => {
      assert.equal((await me(app, idp.issuer)).statusCode, 200);
      assert.ok(idp.requests.includes('/jwks'));
    });
  });

  it('hands the SPA the discovery document, without undeclared fields', async () => {
    await withApp({ OIDC_ISSUER: idp.issuer }, async (app) => {
      const { authorizationServer } = (await app.inject({ url: '/api/config' })).json();
      assert.equal(authorizationServer.issuer, idp.issuer);
      assert.equal(authorizationServer.token_endpoint, `${idp.issuer}/token`);
      assert.deepEqual(authorizationServer.code_challenge_methods_supported, ['S256']);
      assert.equal(authorizationServer.registration_endpoint, undefined);
      assert.equal(authorizationServer.response_types_supported, undefined);
    });
  });

  it('refuses a discovery document whose issuer is not OIDC_ISSUER (503, no keys from it)', async () => {
    idp.setDiscovery({ issuer: 'http://localhost:1' });
    try {
      await withApp({ OIDC_ISSUER: idp.issuer }, async (app) => {
        const response = await me(app, idp.issuer);
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().error, 'service_unavailable');
        assert.equal((await app.inject({ url: '/api/config' })).json().authorizationServer, undefined);
      });
    } finally {
      idp.setDiscovery({});
    }
  });

  it('refuses a discovery document naming a jwks_uri without https off this machine (keys fetched in clear could be swapped): 503, no keys from it', async () => {
    idp.setDiscovery({ jwks_uri: 'http://idp.example.com/jwks' });
    try {
      await withApp({ OIDC_ISSUER: idp.issuer }, async (app) => {
        const response = await me(app, idp.issuer);
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().error, 'service_unavailable');
        assert.equal((await app.inject({ url: '/api/config' })).json().authorizationServer, undefined);
      });
    } finally {
      idp.setDiscovery({});
    }
  });

  it('answers 503 when only the JWKS endpoint fails', async () => {
    await withApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_URI: `${idp.issuer}/no-such-jwks` }, async (app) => {
      const response = await me(app, idp.issuer);
      assert.equal(response.statusCode, 503);
      assert.ok(Number(response.headers['retry-after']) >= 1);
    });
  });

  describe('with the IdP down', () => {
    let downIssuer: string;
    before(async () => {
      downIssuer = `http://localhost:${await closedPort()}`;
    });

    it('starts, and answers health 200', async () => {
      await withApp({ OIDC_ISSUER: downIssuer }, async (app) => {
        assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
      });
    });

    it('answers a request that needs keys with 503 and Retry-After, not 401 or 500', async () => {
      await withApp({ OIDC_ISSUER: downIssuer }, async (app) => {
        for (let attempt = 0; attempt < 2; attempt++) {
          const response = await me(app, downIssuer);
          assert.equal(response.statusCode, 503);
          assert.ok(Number(response.headers['retry-after']) >= 1);
          assert.equal(response.json().error, 'service_unavailable');
          assert.equal(response.headers['www-authenticate'], undefined);
        }
      });
    });

    it('still answers a request without a token with 401', async () => {
      await withApp({ OIDC_ISSUER: downIssuer }, async (app) => {
        assert.equal((await app.inject({ url: '/api/me' })).statusCode, 401);
      });
    });

    it('serves /api/config without authorizationServer', async () => {
      await withApp({ OIDC_ISSUER: downIssuer }, async (app) => {
        const response = await app.inject({ url: '/api/config' });
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().authorizationServer, undefined);
        assert.equal(response.json().issuer, downIssuer);
      });
    });
  });
});

/**
 * The key cache on top of jose's `createRemoteJWKSet`, against a real local IdP that counts its
 * requests. The clock is node:test's mocked `Date` (jose and the cooldowns read `Date.now()`), moved
 * forward with `tick`: no test waits for a cooldown to pass.
 */
describe('remote key cache', () => {
  let key: SigningKey;
  let idp: TestIdp;
  let app: FastifyInstance;
  let logLines: string[];

  const startApp = async (env: Record<string, string> = {}) => {
    logLines = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildTestApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_URI: idp.jwksUri, ...env }, { logStream });
  };
  const me = async (signer: SigningKey = key) =>
    app.inject({ url: '/api/me', headers: { authorization: `Bearer ${await signAccessToken(signer, { issuer: idp.issuer })}` } });
  const concurrently = <T>(count: number, request: () => Promise<T>): Promise<T[]> =>
    Promise.all(Array.from({ length: count }, request));
  /** Keys named by kids the IdP never published. */
  const forgedKids = (count: number) => Promise.all(Array.from({ length: count }, (_, n) => createSigningKey(`forged-${n}`)));
  /** Waits (without a deadline of its own) until a log line matches: the test runner's timeout bounds it. */
  const logged = async (pattern: RegExp) => {
    while (!logLines.some((line) => pattern.test(line))) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  beforeEach(async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    key = await createSigningKey('idp-key-1');
    idp = await startTestIdp(jwksOf(key).keys);
  });
  afterEach(async () => {
    await app.close();
    await idp.close();
    mock.timers.reset();
  });

  it('GETs the JWKS once for many concurrent first requests', async () => {
    await startApp();
    const responses = await concurrently(25, () => me());
    assert.deepEqual(responses.map((response) => response.statusCode), Array(25).fill(200));
    assert.equal(idp.jwksRequests(), 1);
    assert.ok(idp.methods.every((request) => request.startsWith('GET ')));
  });

  it('refetches at most once per cooldown for unknown kids, however many concurrent requests (no fetch storm)', async () => {
    await startApp();
    assert.equal((await me()).statusCode, 200);
    const forged = await forgedKids(40);
    mock.timers.tick(JWKS_REFETCH_COOLDOWN_MS + 1_000);

    const responses = await Promise.all(forged.map((signer) => me(signer)));
    for (const response of responses) {
      assert.equal(response.statusCode, 401);
      assert.equal(bearerChallenge(response.headers['www-authenticate']).params.error, 'invalid_token');
      assert.equal(response.json().error, 'invalid_token');
    }
    assert.equal(idp.jwksRequests(), 2);

    await Promise.all(forged.map((signer) => me(signer)));
    assert.equal(idp.jwksRequests(), 2, 'within the cooldown, an unknown kid fetches nothing');
  });

  it('picks up a rotated key once the cooldown allows a refetch', async () => {
    await startApp();
    assert.equal((await me()).statusCode, 200);
    const next = await createSigningKey('idp-key-2');
    idp.setKeys([key.publicJwk, next.publicJwk]);
    mock.timers.tick(JWKS_REFETCH_COOLDOWN_MS + 1_000);
    assert.equal((await me(next)).statusCode, 200);
    assert.equal(idp.jwksRequests(), 2);
  });

  it('keeps verifying with the cached keys while the IdP is down, for as long as it is down, and says so in the log', async () => {
    await startApp();
    assert.equal((await me()).statusCode, 200);
    idp.setDown(true);

    mock.timers.tick(JWKS_CACHE_MAX_AGE_MS + 60_000);
    assert.equal((await me()).statusCode, 200);
    await logged(/"level":40.*The IdP JWKS cannot be fetched: verifying with the keys fetched at .* \(allowed until restart\)/);
    assert.equal(idp.jwksRequests(), 2);

    for (let request = 0; request < 5; request++) {
      assert.equal((await me()).statusCode, 200);
      await new Promise((resolve) => setTimeout(resolve, 20)); // room for a background refresh, were one started
    }
    assert.equal(idp.jwksRequests(), 2, 'within the retry cooldown, no request tries the IdP again');

    mock.timers.tick(7 * 24 * 3600_000);
    assert.equal((await me()).statusCode, 200);
  });

  it('fetches the keys again once the IdP is back, and says so', async () => {
    await startApp();
    assert.equal((await me()).statusCode, 200);
    idp.setDown(true);
    mock.timers.tick(JWKS_CACHE_MAX_AGE_MS + 60_000);
    assert.equal((await me()).statusCode, 200);
    await logged(/cannot be fetched/);

    idp.setDown(false);
    mock.timers.tick(IDP_RETRY_COOLDOWN_MS + 1_000);
    assert.equal((await me()).statusCode, 200);
    await logged(/The IdP JWKS can be fetched again/);
  });

  it('stops trusting cached keys past OIDC_JWKS_MAX_STALE: 503 with Retry-After', async () => {
    await startApp({ OIDC_JWKS_MAX_STALE: '120' });
    assert.equal((await me()).statusCode, 200);
    idp.setDown(true);

    mock.timers.tick(JWKS_CACHE_MAX_AGE_MS + 60_000);
    assert.equal((await me()).statusCode, 200, 'within OIDC_JWKS_MAX_STALE');

    mock.timers.tick(IDP_RETRY_COOLDOWN_MS + 61_000);
    const response = await me();
    assert.equal(response.statusCode, 503);
    assert.ok(Number(response.headers['retry-after']) >= 1);
    assert.equal(response.json().error, 'service_unavailable');
  });

  it('tries the IdP at most once per retry cooldown while it is down and no key is cached, however many requests', async () => {
    idp.setDown(true);
    await startApp();
    const responses = await concurrently(25, () => me());
    for (const response of responses) {
      assert.equal(response.statusCode, 503);
      assert.ok(Number(response.headers['retry-after']) >= 1);
      assert.equal(response.json().error, 'service_unavailable');
    }
    await concurrently(25, () => me());
    assert.equal(idp.jwksRequests(), 1);

    mock.timers.tick(IDP_RETRY_COOLDOWN_MS + 1_000);
    await concurrently(25, () => me());
    assert.equal(idp.jwksRequests(), 2);
  });

  it('answers forged kids with 503, not a GET each, while the IdP is down; known keys keep working', async () => {
    await startApp();
    assert.equal((await me()).statusCode, 200);
    idp.setDown(true);
    mock.timers.tick(JWKS_REFETCH_COOLDOWN_MS + 1_000);

    const forged = await forgedKids(20);
    const responses = await Promise.all(forged.map((signer) => me(signer)));
    assert.deepEqual(responses.map((response) => response.statusCode), Array(20).fill(503));
    assert.equal(idp.jwksRequests(), 2);
    assert.equal((await me()).statusCode, 200);
    await Promise.all(forged.map((signer) => me(signer)));
    assert.equal(idp.jwksRequests(), 2);
  });
});
