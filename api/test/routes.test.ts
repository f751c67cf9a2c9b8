/** The public routes: health and the SPA's runtime config. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile } from './fixtures/keys.ts';

describe('public routes', () => {
  let app: FastifyInstance;
  let removeDir: () => Promise<void>;

  before(async () => {
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    app = await buildTestApp({
      APP_ORIGIN: 'https://app.example.com',
      OIDC_ISSUER: 'https://idp.example.com/realms/team',
      OIDC_CLIENT_ID: 'team-spa',
      OIDC_AUDIENCE: 'https://app.example.com/api',
      OIDC_SCOPES: 'openid profile',
      OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(await createSigningKey('k1'))),
    });
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  it('answers health without a token', async () => {
    const response = await app.inject({ url: '/api/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('serves the SPA runtime config without a token: public values and redirect URIs from APP_ORIGIN', async () => {
    const response = await app.inject({ url: '/api/config' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.deepEqual(response.json(), {
      issuer: 'https://idp.example.com/realms/team',
      clientId: 'team-spa',
      scopes: 'openid profile',
      audience: 'https://app.example.com/api',
      redirectUri: 'https://app.example.com/auth/callback',
      postLogoutRedirectUri: 'https://app.example.com/',
      authorizationParameters: {},
      rolesClaim: 'roles',
      dpop: 'allowed',
    });
  });

  it('puts no secret in the runtime config', async () => {
    const body = (await app.inject({ url: '/api/config' })).body;
    assert.doesNotMatch(body, /secret|password|private|"d":|"k":/i);
  });
});
