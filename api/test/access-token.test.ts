/**
 * The token guard, one rule per test, against real ES256 tokens verified with the keys of a JWKS
 * file (the remote JWKS path has its own tests in remote-keys.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { bearerChallenge, buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import {
  AUDIENCE,
  nowSeconds,
  signAccessToken,
  signWithPublicKeyAsHmacSecret,
  unsignedToken,
  type TokenOptions,
} from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

describe('access token guard', () => {
  let app: FastifyInstance;
  let key: SigningKey;
  let removeDir: () => Promise<void>;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) });
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  const me = (authorization?: string, url = '/api/me') =>
    app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });
  const token = (options: Partial<TokenOptions> = {}) => signAccessToken(key, { issuer: ISSUER, ...options });

  /** Asserts an RFC 6750 invalid_token answer, and that `reason` is the rule that stopped it. */
  async function assertInvalidToken(authorization: string, reason: RegExp): Promise<void> {
    const response = await me(authorization);
    assert.equal(response.statusCode, 401);
    const { scheme, params } = bearerChallenge(response.headers['www-authenticate']);
    assert.equal(scheme, 'Bearer');
    assert.equal(params.realm, 'api');
    assert.equal(params.error, 'invalid_token');
    assert.match(params.error_description ?? '', /^[\x20-\x7E]+$/);
    assert.match(params.error_description ?? '', reason);
    assert.equal(response.json().error, 'invalid_token');
    assert.equal(response.headers['cache-control'], 'no-store');
  }

  it('accepts a valid access token and says who the caller is', async () => {
    const response = await me(`Bearer ${await token()}`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { sub: 'alice', name: 'Alice', roles: ['chat'] });
  });

  it('answers a request without credentials with 401 and a challenge without error code', async () => {
    const response = await me();
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.json().error, 'unauthorized');
  });

  it('ignores a token in the query string', async () => {
    const response = await me(undefined, `/api/me?access_token=${await token()}`);
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
  });

  it('ignores a token in a cookie', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/me', cookies: { access_token: await token() } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    assert.equal((await me(`bEaReR ${await token()}`)).statusCode, 200);
  });

  it('answers another scheme (Basic) as no credentials, never 500', async () => {
    const response = await me('Basic YWxpY2U6YWxpY2U=');
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
  });

  it('answers malformed Authorization values with 401, never 500', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Bearer  ', 'Bearer a b', 'Bearer ###', 'Bearer not.a.jwt', 'Bearer a.b.c', 'garbage', '', 'Bearer ' + 'A'.repeat(8000)]) {
      const response = await me(value);
      assert.equal(response.statusCode, 401, `status for ${JSON.stringify(value.slice(0, 20))}`);
      assert.match(String(response.headers['www-authenticate']), /^Bearer realm="api"/);
    }
  });

  it('rejects a token from another issuer', async () => {
    await assertInvalidToken(`Bearer ${await token({ issuer: 'http://localhost:4001' })}`, /trusted issuer/);
  });

  it('rejects an issuer that differs only by a trailing slash (exact comparison)', async () => {
    await assertInvalidToken(`Bearer ${await token({ issuer: `${ISSUER}/` })}`, /trusted issuer/);
  });

  it('rejects a token whose aud is another API', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { aud: 'http://localhost:4200/other-api' } })}`, /not meant for this API/);
  });

  it('accepts an aud array that contains our audience', async () => {
    const response = await me(`Bearer ${await token({ claims: { aud: ['https://other.example', AUDIENCE] } })}`);
    assert.equal(response.statusCode, 200);
  });

  it('rejects an expired token', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { iat: nowSeconds() - 600, exp: nowSeconds() - 120 } })}`, /expired/);
  });

  it('rejects a token without exp', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { exp: undefined } })}`, /expiry/);
  });

  it('rejects a token whose nbf is in the future', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { nbf: nowSeconds() + 300 } })}`, /not valid yet/);
  });

  it('tolerates a few seconds of clock skew on nbf', async () => {
    assert.equal((await me(`Bearer ${await token({ claims: { nbf: nowSeconds() + 5 } })}`)).statusCode, 200);
  });

  it('rejects a token issued far in the future', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 } })}`, /issued in the future/);
  });

  it('rejects HS256 signed with the public key as secret (algorithm confusion)', async () => {
    await assertInvalidToken(`Bearer ${await signWithPublicKeyAsHmacSecret(key, ISSUER)}`, /algorithm/);
  });

  it('rejects an unsigned token (alg none)', async () => {
    await assertInvalidToken(`Bearer ${unsignedToken(ISSUER, key.kid)}`, /algorithm/);
  });

  it('rejects a token signed by a key the IdP never published, under a known kid', async () => {
    const impostor = await createSigningKey(key.kid);
    await assertInvalidToken(`Bearer ${await signAccessToken(impostor, { issuer: ISSUER })}`, /signature/);
  });

  it('rejects a token signed by an unknown kid', async () => {
    const unknown = await createSigningKey('attacker-key');
    await assertInvalidToken(`Bearer ${await signAccessToken(unknown, { issuer: ISSUER })}`, /signature/);
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'admin', exp: nowSeconds() + 60 })).toString('base64url');
    await assertInvalidToken(`Bearer ${header}.${payload}.${signature}`, /signature/);
  });

  it('rejects an ID token (typ JWT) used as an access token', async () => {
    await assertInvalidToken(`Bearer ${await token({ header: { typ: 'JWT' } })}`, /typ must be at\+jwt/);
  });

  it('rejects a token without typ', async () => {
    await assertInvalidToken(`Bearer ${await token({ header: { typ: undefined } })}`, /typ must be at\+jwt/);
  });

  it('accepts typ application/at+jwt in any letter case', async () => {
    assert.equal((await me(`Bearer ${await token({ header: { typ: 'application/AT+JWT' } })}`)).statusCode, 200);
  });

  it('rejects a token whose sub is not a string', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { sub: 42 } })}`, /subject/);
  });

  it('rejects a token without sub', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { sub: undefined } })}`, /subject/);
  });

  it('rejects a sender-constrained (cnf) token presented as Bearer', async () => {
    await assertInvalidToken(`Bearer ${await token({ claims: { cnf: { jkt: 'thumbprint' } } })}`, /sender-constrained/);
  });

  it('never repeats token content in the challenge', async () => {
    const forged = await token({ issuer: 'http://evil.example/"injected' });
    const response = await me(`Bearer ${forged}`);
    assert.equal(response.statusCode, 401);
    assert.ok(!String(response.headers['www-authenticate']).includes('evil'));
    assert.ok(!response.body.includes('evil'));
  });

  it('names the caller by preferred_username when the token has no name', async () => {
    const response = await me(`Bearer ${await token({ claims: { name: undefined, preferred_username: 'alice.w' } })}`);
    assert.equal(response.json().name, 'alice.w');
  });

  it('names the caller by sub when the token has neither name nor preferred_username', async () => {
    const response = await me(`Bearer ${await token({ claims: { name: undefined } })}`);
    assert.equal(response.json().name, 'alice');
  });
});
