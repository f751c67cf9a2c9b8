/**
 * The token guard, one rule per test, against real ES256 tokens verified with the keys of a JWKS
 * file (the remote JWKS path has its own tests in remote-keys.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TokenRefusal } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS_CHALLENGE, bearerChallenge, buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { startCountingServer } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import {
  accessTokenClaims,
  AUDIENCE,
  nowSeconds,
  signAccessToken,
  signRawJws,
  signWithPublicKeyAsHmacSecret,
  unsignedToken,
  type TokenOptions,
} from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

/**
 * Asserts an RFC 6750 invalid_token answer, that `reason` (the description) is the rule that
 * stopped it and, when given, that the body's `reason` code is `code`.
 */
async function assertInvalidToken(app: FastifyInstance, authorization: string, reason: RegExp, code?: TokenRefusal): Promise<void> {
  const response = await app.inject({ url: '/api/me', headers: { authorization } });
  assert.equal(response.statusCode, 401);
  const { scheme, params } = bearerChallenge(response.headers['www-authenticate']);
  assert.equal(scheme, 'Bearer');
  assert.equal(params.realm, 'api');
  assert.equal(params.error, 'invalid_token');
  assert.match(params.error_description ?? '', /^[\x20-\x7E]+$/);
  assert.match(params.error_description ?? '', reason);
  assert.equal(response.json().error, 'invalid_token');
  if (code !== undefined) assert.equal(response.json().reason, code);
  assert.equal(response.headers['cache-control'], 'no-store');
}

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
  const rejects = (authorization: string, reason: RegExp, code?: TokenRefusal) => assertInvalidToken(app, authorization, reason, code);

  it('accepts a valid access token and says who the caller is', async () => {
    const response = await me(`Bearer ${await token()}`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { sub: 'alice', name: 'Alice', nameSource: 'name', roles: ['chat'], rolesClaim: 'granted' });
  });

  it('answers a request without credentials with 401 and a challenge without error code', async () => {
    const response = await me();
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.json().error, 'unauthorized');
  });

  it('ignores a token in the query string', async () => {
    const response = await me(undefined, `/api/me?access_token=${await token()}`);
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
  });

  it('ignores a token in a cookie', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/me', cookies: { access_token: await token() } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    assert.equal((await me(`bEaReR ${await token()}`)).statusCode, 200);
  });

  it('answers another scheme (Basic) as no credentials, never 500', async () => {
    const response = await me('Basic YWxpY2U6YWxpY2U=');
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
  });

  it('answers malformed Authorization values with 401, never 500', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Bearer  ', 'Bearer a b', 'Bearer ###', 'Bearer not.a.jwt', 'Bearer a.b.c', 'garbage', '', 'Bearer ' + 'A'.repeat(8000)]) {
      const response = await me(value);
      assert.equal(response.statusCode, 401, `status for ${JSON.stringify(value.slice(0, 20))}`);
      assert.match(String(response.headers['www-authenticate']), /^Bearer realm="api"/);
    }
  });

  it('rejects a token from another issuer', async () => {
    await rejects(`Bearer ${await token({ issuer: 'http://localhost:4001' })}`, /trusted issuer/, 'issuer');
  });

  it('rejects an issuer that differs only by a trailing slash (exact comparison)', async () => {
    await rejects(`Bearer ${await token({ issuer: `${ISSUER}/` })}`, /trusted issuer/, 'issuer');
  });

  it('rejects a token whose aud is another API', async () => {
    await rejects(`Bearer ${await token({ claims: { aud: 'http://localhost:4200/other-api' } })}`, /not meant for this API/, 'audience');
  });

  it('accepts an aud array that contains our audience', async () => {
    const response = await me(`Bearer ${await token({ claims: { aud: ['https://other.example', AUDIENCE] } })}`);
    assert.equal(response.statusCode, 200);
  });

  it('rejects an expired token', async () => {
    await rejects(`Bearer ${await token({ claims: { iat: nowSeconds() - 600, exp: nowSeconds() - 120 } })}`, /expired/, 'expired');
  });

  it('rejects a token without exp', async () => {
    await rejects(`Bearer ${await token({ claims: { exp: undefined } })}`, /expiry/, 'claims');
  });

  it('rejects a token whose nbf is in the future', async () => {
    await rejects(`Bearer ${await token({ claims: { nbf: nowSeconds() + 300 } })}`, /not valid yet/, 'not_yet_valid');
  });

  it('tolerates a few seconds of clock skew on nbf', async () => {
    assert.equal((await me(`Bearer ${await token({ claims: { nbf: nowSeconds() + 5 } })}`)).statusCode, 200);
  });

  it('rejects a token issued far in the future', async () => {
    await rejects(`Bearer ${await token({ claims: { iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 } })}`, /issued in the future/, 'not_yet_valid');
  });

  it('rejects HS256 signed with the public key as secret (algorithm confusion)', async () => {
    await rejects(`Bearer ${await signWithPublicKeyAsHmacSecret(key, ISSUER)}`, /algorithm/, 'algorithm');
  });

  it('rejects an unsigned token (alg none)', async () => {
    await rejects(`Bearer ${unsignedToken(ISSUER, key.kid)}`, /algorithm/, 'algorithm');
  });

  it('rejects a token signed by a key the IdP never published, under a known kid', async () => {
    const impostor = await createSigningKey(key.kid);
    await rejects(`Bearer ${await signAccessToken(impostor, { issuer: ISSUER })}`, /signature/, 'signature');
  });

  it('rejects a token signed by an unknown kid', async () => {
    const unknown = await createSigningKey('attacker-key');
    await rejects(`Bearer ${await signAccessToken(unknown, { issuer: ISSUER })}`, /signature/, 'unknown_key');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'admin', exp: nowSeconds() + 60 })).toString('base64url');
    await rejects(`Bearer ${header}.${payload}.${signature}`, /signature/, 'signature');
  });

  it('rejects an ID token (typ JWT) used as an access token', async () => {
    await rejects(`Bearer ${await token({ header: { typ: 'JWT' } })}`, /typ must be at\+jwt/, 'token_type');
  });

  it('rejects a token without typ', async () => {
    await rejects(`Bearer ${await token({ header: { typ: undefined } })}`, /typ must be at\+jwt/, 'token_type');
  });

  it('needs nothing but its typ to be taken as an access token: at+jwt without scope or client_id passes', async () => {
    assert.equal((await me(`Bearer ${await token({ claims: { scope: undefined, client_id: undefined } })}`)).statusCode, 200);
  });

  it('accepts typ application/at+jwt in any letter case', async () => {
    assert.equal((await me(`Bearer ${await token({ header: { typ: 'application/AT+JWT' } })}`)).statusCode, 200);
  });

  it('rejects a token whose sub is not a string', async () => {
    await rejects(`Bearer ${await token({ claims: { sub: 42 } })}`, /subject/, 'claims');
  });

  it('rejects a token without sub', async () => {
    await rejects(`Bearer ${await token({ claims: { sub: undefined } })}`, /subject/, 'claims');
  });

  it('rejects a token bound to a client certificate (mTLS cnf), which the API cannot check', async () => {
    await rejects(`Bearer ${await token({ claims: { cnf: { 'x5t#S256': 'A'.repeat(43) } } })}`, /bound to a key in a way this API cannot check/, 'sender_constrained');
  });

  it('never repeats token content in the challenge', async () => {
    const forged = await token({ issuer: 'http://evil.example/"injected' });
    const response = await me(`Bearer ${forged}`);
    assert.equal(response.statusCode, 401);
    assert.ok(!String(response.headers['www-authenticate']).includes('evil'));
    assert.ok(!response.body.includes('evil'));
  });

  it('rejects a token older than the maximum age, even when its exp is far away (OIDC_ACCESS_TOKEN_MAX_AGE)', async () => {
    const issuedLongAgo = { iat: nowSeconds() - 7200 - 60, exp: nowSeconds() + 3600 };
    await rejects(`Bearer ${await token({ claims: issuedLongAgo })}`, /older than this API accepts/, 'too_old');
  });

  it('rejects a token without iat (jose alone would accept it)', async () => {
    await rejects(`Bearer ${await token({ claims: { iat: undefined } })}`, /issue time/, 'claims');
  });

  it('rejects a token whose exp never comes (1e999 parses as Infinity)', async () => {
    const payload = JSON.stringify(accessTokenClaims(ISSUER)).replace(/"exp":\d+/, '"exp":1e999');
    await rejects(`Bearer ${await signRawJws(key, payload)}`, /not a finite number/, 'claims');
  });

  it('rejects an iss that is an array holding the issuer (type confusion)', async () => {
    await rejects(`Bearer ${await token({ claims: { iss: [ISSUER] } })}`, /trusted issuer/, 'issuer');
  });

  it('rejects an aud array holding a non-string beside our audience', async () => {
    await rejects(`Bearer ${await token({ claims: { aud: [AUDIENCE, { admin: true }] } })}`, /audience must be a string/, 'claims');
  });

  it('rejects a token whose client_id is not a string', async () => {
    await rejects(`Bearer ${await token({ claims: { client_id: ['web'] } })}`, /client_id must be a string/, 'claims');
  });

  it('rejects a token whose jti is not a string', async () => {
    await rejects(`Bearer ${await token({ claims: { jti: 42 } })}`, /jti must be a string/, 'claims');
  });

  it('rejects an ID token (it carries nonce) even when it is typed at+jwt', async () => {
    await rejects(`Bearer ${await token({ claims: { nonce: 'n-0S6_WzA2Mj' } })}`, /ID token/, 'id_token');
  });

  it('rejects an ID token that carries at_hash even when it is typed at+jwt', async () => {
    await rejects(`Bearer ${await token({ claims: { at_hash: 'mYbZ1N6xDvVVV0EY4KKv3Q' } })}`, /ID token/, 'id_token');
  });

  it('rejects a token with an unknown critical header parameter (crit)', async () => {
    const header = { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true };
    await rejects(`Bearer ${await signRawJws(key, JSON.stringify(accessTokenClaims(ISSUER)), header)}`, /header this API does not support/, 'critical_header');
  });

  it('never verifies with a key the token carries itself (embedded jwk)', async () => {
    const attacker = await createSigningKey(key.kid);
    await rejects(`Bearer ${await signAccessToken(attacker, { issuer: ISSUER, header: { jwk: attacker.publicJwk } })}`, /signature/, 'signature');
  });

  it('never fetches a key the token points to (jku, x5u) nor trusts a chain it carries (x5c)', async () => {
    const attacker = await createSigningKey('attacker-key');
    const keyServer = await startCountingServer(jwksOf(attacker));
    try {
      const header = { jku: `${keyServer.url}/jwks`, x5u: `${keyServer.url}/cert.pem`, x5c: ['MIIBszCCAVmgAwIBAgIUX'] };
      await rejects(`Bearer ${await signAccessToken(attacker, { issuer: ISSUER, header })}`, /signature/, 'unknown_key');
      assert.deepEqual(keyServer.requests, []);
    } finally {
      await keyServer.close();
    }
  });

  it('treats kid as an opaque lookup key: a path, a URL, SQL or a non-string matches nothing', async () => {
    const attacker = await createSigningKey('attacker-key');
    for (const kid of ['../../../../etc/passwd', 'http://localhost:1/jwks', "' OR '1'='1", 'idp-key-1\u0000', 'K'.repeat(4000), 42, { $ne: null }]) {
      await rejects(`Bearer ${await signAccessToken(attacker, { issuer: ISSUER, header: { kid } })}`, /signature/);
    }
  });

  it('names the caller by preferred_username when the token has no name', async () => {
    const response = await me(`Bearer ${await token({ claims: { name: undefined, preferred_username: 'alice.w' } })}`);
    assert.equal(response.json().name, 'alice.w');
    assert.equal(response.json().nameSource, 'preferred_username');
  });

  it('names the caller by sub when the token has neither name nor preferred_username', async () => {
    const response = await me(`Bearer ${await token({ claims: { name: undefined } })}`);
    assert.equal(response.json().name, 'alice');
    assert.equal(response.json().nameSource, 'sub');
  });
});

describe('access token guard, with OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT', () => {
  let app: FastifyInstance;
  let key: SigningKey;
  let jwksFile: string;
  let removeDir: () => Promise<void>;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
    app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT', OIDC_JWKS_FILE: jwksFile });
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  const token = (options: Partial<TokenOptions>) => signAccessToken(key, { issuer: ISSUER, ...options });
  const status = async (target: FastifyInstance, options: Partial<TokenOptions>) =>
    (await target.inject({ url: '/api/me', headers: { authorization: `Bearer ${await token(options)}` } })).statusCode;
  /** An ID token as some IdPs issue them from a refresh: typ JWT, no nonce, the API named beside the client. */
  const idTokenFromRefresh = { aud: [AUDIENCE, 'web'], azp: 'web', scope: undefined, client_id: undefined, jti: undefined };

  it('accepts an access token typed JWT', async () => {
    assert.equal(await status(app, { header: { typ: 'JWT' } }), 200);
  });

  it('accepts an access token typed JWT whose aud names the SPA client id beside the API (the IdP quirk that broke sign-in)', async () => {
    assert.equal(await status(app, { header: { typ: 'JWT' }, claims: { aud: [AUDIENCE, 'web'] } }), 200);
  });

  it('accepts an access token with no typ at all (Okta, PingFederate)', async () => {
    assert.equal(await status(app, { header: { typ: undefined } }), 200);
  });

  it('rejects a token of another explicit type (a logout token, typ logout+jwt)', async () => {
    await assertInvalidToken(app, `Bearer ${await token({ header: { typ: 'logout+jwt' } })}`, /typ must be at\+jwt or JWT/, 'token_type');
  });

  it('rejects an ID token that carries nonce', async () => {
    await assertInvalidToken(app, `Bearer ${await token({ header: { typ: 'JWT' }, claims: { nonce: 'n-0S6_WzA2Mj' } })}`, /ID token/, 'id_token');
  });

  it('rejects an ID token from a refresh (no nonce, names the API) by its at_hash', async () => {
    const claims = { ...idTokenFromRefresh, at_hash: 'mYbZ1N6xDvVVV0EY4KKv3Q' };
    await assertInvalidToken(app, `Bearer ${await token({ header: { typ: 'JWT' }, claims })}`, /ID token/, 'id_token');
  });

  it('rejects an ID token from a refresh without nonce nor at_hash: it carries none of scope, scp, client_id', async () => {
    await assertInvalidToken(app, `Bearer ${await token({ header: { typ: 'JWT' }, claims: idTokenFromRefresh })}`, /nothing that marks an access token/, 'id_token');
  });

  it('rejects an ID token issued to another client whose client id is our audience (aud = OIDC_AUDIENCE, typ JWT, no nonce nor at_hash): it carries none of scope, scp, client_id', async () => {
    // What the IdP gives that other client at sign-in, or on a refresh: our audience in aud (its
    // client id), signed by the same keys, the user's roles, and nothing an ID token must not carry.
    const otherClientsIdToken = { aud: AUDIENCE, azp: AUDIENCE, auth_time: 1_700_000_000, scope: undefined, client_id: undefined, jti: undefined };
    await assertInvalidToken(app, `Bearer ${await token({ header: { typ: 'JWT' }, claims: otherClientsIdToken })}`, /nothing that marks an access token/, 'id_token');
  });

  it('accepts an access token typed JWT that is marked by scp alone (Entra ID, Okta)', async () => {
    assert.equal(await status(app, { header: { typ: 'JWT' }, claims: { scope: undefined, client_id: undefined, scp: 'access_as_user' } }), 200);
  });

  it('takes its access-token claims from OIDC_ACCESS_TOKEN_CLAIMS: a token marked by azp passes, one without it is refused', async () => {
    const byAzp = await buildTestApp({
      OIDC_ISSUER: ISSUER, OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT', OIDC_JWKS_FILE: jwksFile, OIDC_ACCESS_TOKEN_CLAIMS: 'azp',
    });
    try {
      assert.equal(await status(byAzp, { header: { typ: 'JWT' }, claims: { azp: 'web' } }), 200);
      await assertInvalidToken(byAzp, `Bearer ${await token({ header: { typ: 'JWT' } })}`, /nothing that marks an access token/, 'id_token');
    } finally {
      await byAzp.close();
    }
  });

  it('takes its ID-token claims from OIDC_ID_TOKEN_CLAIMS: an access token with nonce (older Keycloak) passes when nonce is not listed; at_hash still refuses', async () => {
    const withoutNonce = await buildTestApp({
      OIDC_ISSUER: ISSUER, OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT', OIDC_JWKS_FILE: jwksFile, OIDC_ID_TOKEN_CLAIMS: 'at_hash,c_hash',
    });
    try {
      assert.equal(await status(withoutNonce, { header: { typ: 'JWT' }, claims: { nonce: 'n-0S6_WzA2Mj' } }), 200);
      await assertInvalidToken(withoutNonce, `Bearer ${await token({ header: { typ: 'JWT' }, claims: { at_hash: 'x' } })}`, /ID token/, 'id_token');
    } finally {
      await withoutNonce.close();
    }
  });
});
