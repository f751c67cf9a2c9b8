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
    assert.deepEqual(response.json(), { rooms: [], nextCursor: null });
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

  it('grants a role from a roles string that is exactly its name (AD FS sends one value as a string)', async () => {
    assert.equal((await get(app, '/api/analytics/summary', { roles: 'analytics' })).statusCode, 200);
  });

  it('does not split a roles string at spaces unless OIDC_ROLES_FORMAT=space-separated', async () => {
    assertInsufficientScope(await get(app, '/api/analytics/summary', { roles: 'chat analytics' }));
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

  it('ignores a top-level roles claim when the configured path is elsewhere (a role name in another claim)', async () => {
    assertInsufficientScope(await get(keycloakLike, '/api/analytics/summary', { roles: ['analytics'] }));
  });

  it('ignores role names in a sibling claim (resource_access) when the path is realm_access.roles', async () => {
    const claims = { roles: undefined, realm_access: { roles: [] }, resource_access: { web: { roles: ['analytics'] } } };
    assertInsufficientScope(await get(keycloakLike, '/api/analytics/summary', claims));
  });

  describe('OIDC_ROLES_FORMAT=space-separated', () => {
    let spaced: FastifyInstance;
    before(async () => {
      spaced = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, OIDC_ROLES_CLAIM: 'scp', OIDC_ROLES_FORMAT: 'space-separated' });
    });
    after(() => spaced.close());

    it('grants each name of a space-separated string (scope-style)', async () => {
      const response = await get(spaced, '/api/me', { roles: undefined, scp: 'openid chat analytics' });
      assert.deepEqual(response.json().roles, ['chat', 'analytics']);
    });

    it('still matches whole names only: "analytics-reader" grants nothing', async () => {
      assertInsufficientScope(await get(spaced, '/api/analytics/summary', { roles: undefined, scp: 'chat analytics-reader' }));
    });

    it('accepts an array there too', async () => {
      assert.equal((await get(spaced, '/api/analytics/summary', { roles: undefined, scp: ['analytics'] })).statusCode, 200);
    });
  });

  describe('OIDC_ROLE_MAP', () => {
    let mapped: FastifyInstance;
    before(async () => {
      mapped = await buildTestApp({
        OIDC_ISSUER: ISSUER,
        OIDC_JWKS_FILE: jwksFile,
        OIDC_ROLES_CLAIM: 'groups',
        OIDC_ROLE_MAP: 'chat:APP-TEAMSPACE-CHAT,chat:8f2c6a1e-1111-4d8e-9c1a-0a6b5e7d2f11',
      });
    });
    after(() => mapped.close());

    it('grants a role from the company group mapped to it', async () => {
      const response = await get(mapped, '/api/chat/rooms', { roles: undefined, groups: ['Staff', 'APP-TEAMSPACE-CHAT'] });
      assert.equal(response.statusCode, 200);
    });

    it('grants a role from any of the names mapped to it (an Entra group object id)', async () => {
      const response = await get(mapped, '/api/chat/rooms', { roles: undefined, groups: ['8f2c6a1e-1111-4d8e-9c1a-0a6b5e7d2f11'] });
      assert.equal(response.statusCode, 200);
    });

    it('no longer grants a mapped role from its own name: a group called "chat" is not APP-TEAMSPACE-CHAT', async () => {
      assertInsufficientScope(await get(mapped, '/api/chat/rooms', { roles: undefined, groups: ['chat'] }));
    });

    it('grants a role it does not map from the role\'s own name', async () => {
      assert.equal((await get(mapped, '/api/analytics/summary', { roles: undefined, groups: ['analytics'] })).statusCode, 200);
    });

    it('compares mapped names exactly: another letter case grants nothing', async () => {
      assertInsufficientScope(await get(mapped, '/api/chat/rooms', { roles: undefined, groups: ['app-teamspace-chat'] }));
    });

    it('compares mapped names exactly: a name that contains the mapped one grants nothing', async () => {
      assertInsufficientScope(await get(mapped, '/api/chat/rooms', { roles: undefined, groups: ['APP-TEAMSPACE-CHAT-ADMINS', 'X-APP-TEAMSPACE-CHAT'] }));
    });

    it('ignores the mapped name in another claim than OIDC_ROLES_CLAIM', async () => {
      assertInsufficientScope(await get(mapped, '/api/chat/rooms', { roles: ['APP-TEAMSPACE-CHAT'], groups: [] }));
    });

    it('reports the mapped roles in /api/me, in the app\'s names', async () => {
      const response = await get(mapped, '/api/me', { roles: undefined, groups: ['APP-TEAMSPACE-CHAT', 'analytics'] });
      assert.deepEqual(response.json().roles, ['chat', 'analytics']);
    });
  });

  it('reads a claim whose name is a URL as one name (Auth0 namespaced claims)', async () => {
    const namespaced = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, OIDC_ROLES_CLAIM: 'https://teamspace.example.com/roles' });
    try {
      const response = await get(namespaced, '/api/me', { roles: undefined, 'https://teamspace.example.com/roles': ['chat'] });
      assert.deepEqual(response.json().roles, ['chat']);
    } finally {
      await namespaced.close();
    }
  });

  describe('what /api/me says of the roles claim', () => {
    const statusOf = async (claims: Record<string, unknown>) => (await get(keycloakLike, '/api/me', claims)).json().rolesClaim;

    it('missing: no claim at the path', async () => {
      assert.equal(await statusOf({ roles: ['chat'] }), 'missing');
    });

    it('invalid: a claim that lists no names (an object)', async () => {
      assert.equal(await statusOf({ realm_access: { roles: { chat: true } } }), 'invalid');
    });

    it('empty: a list without names (a user without roles)', async () => {
      assert.equal(await statusOf({ realm_access: { roles: [] } }), 'empty');
    });

    it('unmatched: names, none of them ours', async () => {
      assert.equal(await statusOf({ realm_access: { roles: ['offline_access', 'APP-TEAMSPACE-CHAT'] } }), 'unmatched');
    });

    it('granted: at least one role', async () => {
      assert.equal(await statusOf({ realm_access: { roles: ['offline_access', 'chat'] } }), 'granted');
    });
  });
});
