/** Role enforcement: which claim values grant which routes, declared on each route. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { bearerChallenge, buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

describe('roles', () => {
  let key: SigningKey;
  let jwksFile: string;
  let app: FastifyInstance;
  let keycloakLike: FastifyInstance;
  let removeDir: () => Promise<void>;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
    app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile });
    keycloakLike = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, OIDC_ROLES_CLAIM: 'realm_access.roles' });
  });
  after(async () => {
    await app.close();
    await keycloakLike.close();
    await removeDir();
  });

  const get = async (target: FastifyInstance, url: string, claims: Record<string, unknown>) =>
    target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await signAccessToken(key, { issuer: ISSUER, claims })}` } });

  function assertInsufficientScope(response: Awaited<ReturnType<typeof get>>): void {
    assert.equal(response.statusCode, 403);
    const { scheme, params } = bearerChallenge(response.headers['www-authenticate']);
    assert.equal(scheme, 'Bearer');
    assert.equal(params.realm, 'api');
    assert.equal(params.error, 'insufficient_scope');
    assert.equal(response.json().error, 'insufficient_scope');
    assert.equal(response.headers['cache-control'], 'no-store');
  }

  it('lists chat rooms, from an empty database, for a token with role chat', async () => {
    const response = await get(app, '/api/chat/rooms', { roles: ['chat'] });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { rooms: [] });
  });

  it('computes the analytics summary, from an empty database, for a token with role analytics', async () => {
    const response = await get(app, '/api/analytics/summary', { roles: ['analytics'] });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().totals.messages, { current: 0, previous: 0, change: null });
  });

  it('refuses analytics to a valid token without the analytics role (403 insufficient_scope)', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: ['chat'] }));
  });

  it('refuses chat to a valid token with no roles claim', async () => {
    assertInsufficientScope(await get(app, '/api/chat/rooms', { roles: undefined }));
  });

  it('grants nothing for a roles string that contains a role name', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: 'xx-analytics-xx' }));
  });

  it('grants nothing for a roles string equal to a role name', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: 'analytics' }));
  });

  it('grants nothing for a roles array with a non-string member', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: ['analytics', { admin: true }] }));
  });

  it('does not match role names loosely (case, whitespace)', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: ['Analytics', ' analytics'] }));
  });

  it('reports only the roles the app knows in /api/me', async () => {
    const response = await get(app, '/api/me', { roles: ['chat', 'admin', 'chat'] });
    assert.deepEqual(response.json().roles, ['chat']);
  });

  it('reads roles at a dotted path (realm_access.roles)', async () => {
    const response = await get(keycloakLike, '/api/analytics/summary', { roles: undefined, realm_access: { roles: ['analytics'] } });
    assert.equal(response.statusCode, 200);
  });

  it('ignores a top-level roles claim when the configured path is elsewhere', async () => {
    assertInsufficientScope(await get(keycloakLike, '/api/analytics/summary', { roles: ['analytics'] }));
  });
});
