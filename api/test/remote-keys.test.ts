/**
 * Keys by GET from the IdP: discovery, then its `jwks_uri` (or `OIDC_JWKS_URI`), against a real
 * HTTP server on localhost. And what happens when the IdP is down or not who it claims to be.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from './fixtures/app.ts';
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
