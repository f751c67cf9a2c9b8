import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { discover, refresh, signInForTokens, type TokenResponse } from './support/code-flow.ts';
import { decodeJwt, hasValidEs256Signature } from './support/jwt.ts';
import { startTestIdp, TEST_ACCESS_TOKEN_TTL, type TestIdp } from './support/start-idp.ts';

describe('Authorization Code + PKCE for bob', () => {
  let idp: TestIdp;
  let tokens: TokenResponse;

  before(async () => {
    idp = await startTestIdp();
    tokens = await signInForTokens(idp, 'bob');
  });
  after(() => idp.close());

  test('issues an RFC 9068 access token: typ at+jwt, ES256, signed with a published key', async () => {
    const { header } = decodeJwt(tokens.access_token);
    assert.equal(header['typ'], 'at+jwt');
    assert.equal(header['alg'], 'ES256');
    const jwks = await (await fetch((await discover(idp)).jwks_uri)).json();
    assert.ok(hasValidEs256Signature(tokens.access_token, jwks));
  });

  test('the access token is for the API audience, from this issuer, to this client', () => {
    const { payload } = decodeJwt(tokens.access_token);
    assert.equal(payload['aud'], idp.config.audience);
    assert.equal(payload['iss'], idp.issuer);
    assert.equal(payload['client_id'], idp.config.clientId);
    assert.equal(payload['sub'], 'bob');
  });

  test("the access token carries the user's roles and name", () => {
    const { payload } = decodeJwt(tokens.access_token);
    assert.deepEqual(payload['roles'], ['chat', 'analytics']);
    assert.equal(payload['name'], 'Bob Dupont');
  });

  test('the default RFC 9068 shape has none of the Keycloak quirks: one aud, client_id, no azp or realm_access', () => {
    const { payload } = decodeJwt(tokens.access_token);
    assert.equal(typeof payload['aud'], 'string');
    assert.equal('azp' in payload, false);
    assert.equal('realm_access' in payload, false);
    assert.equal('typ' in payload, false);
  });

  test('the access token lives exactly the configured TTL', () => {
    const { payload } = decodeJwt(tokens.access_token);
    assert.equal(Number(payload['exp']) - Number(payload['iat']), TEST_ACCESS_TOKEN_TTL);
    assert.equal(tokens.expires_in, TEST_ACCESS_TOKEN_TTL);
  });

  test('the ID token carries name and roles', () => {
    const { payload } = decodeJwt(tokens.id_token);
    assert.equal(payload['aud'], idp.config.clientId);
    assert.equal(payload['name'], 'Bob Dupont');
    assert.deepEqual(payload['roles'], ['chat', 'analytics']);
  });

  test('issues a refresh token without prompt=consent', () => {
    assert.equal(typeof tokens.refresh_token, 'string');
    assert.ok(tokens.refresh_token.length > 20);
  });

  test('refreshing rotates the refresh token, and reusing the old one fails with invalid_grant', async () => {
    const first = await refresh(idp, tokens.refresh_token);
    assert.equal(first.status, 200);
    const rotated = (await first.json()) as TokenResponse;
    assert.notEqual(rotated.refresh_token, tokens.refresh_token);
    assert.equal(decodeJwt(rotated.access_token).payload['aud'], idp.config.audience);

    const reuse = await refresh(idp, tokens.refresh_token);
    assert.equal(reuse.status, 400);
    assert.equal(((await reuse.json()) as { error: string }).error, 'invalid_grant');
  });

  test('reusing a rotated refresh token revokes the whole grant (RFC 9700 §4.14.2)', async () => {
    const { refresh_token: original } = await signInForTokens(idp, 'alice');
    const rotated = (await (await refresh(idp, original)).json()) as TokenResponse;
    await refresh(idp, original);

    const afterReuse = await refresh(idp, rotated.refresh_token);
    assert.equal(afterReuse.status, 400);
    assert.equal(((await afterReuse.json()) as { error: string }).error, 'invalid_grant');
  });
});

describe('claims of the other dev users', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  test('alice has the chat role only', async () => {
    const { access_token } = await signInForTokens(idp, 'alice');
    assert.deepEqual(decodeJwt(access_token).payload['roles'], ['chat']);
  });

  test('an app that also asks for the api scope finds it in the access token', async () => {
    const tokens = await signInForTokens(idp, 'alice', { scope: 'openid profile offline_access api' });
    assert.equal(decodeJwt(tokens.access_token).payload['scope'], 'api');
    assert.equal(tokens.scope, 'api');
  });

  test('prompt=consent is granted without a consent page: the app is first-party', async () => {
    const tokens = await signInForTokens(idp, 'bob', { extraParams: { prompt: 'consent' } });
    assert.equal(typeof tokens.refresh_token, 'string');
    assert.deepEqual(decodeJwt(tokens.id_token).payload['roles'], ['chat', 'analytics']);
  });

  test('carol has no roles: an empty array, not a missing claim', async () => {
    const { access_token, id_token } = await signInForTokens(idp, 'carol');
    assert.deepEqual(decodeJwt(access_token).payload['roles'], []);
    assert.deepEqual(decodeJwt(id_token).payload['roles'], []);
  });
});
