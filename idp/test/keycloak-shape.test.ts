import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KEYCLOAK_DEFAULT_ROLES, KEYCLOAK_GROUPS } from '../src/keycloak-shape.ts';
import { Browser } from './support/browser.ts';
import { discover, exchangeCode, refresh, signIn, signInForTokens, type TokenResponse } from './support/code-flow.ts';
import { decodeJwt, hasValidEs256Signature } from './support/jwt.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('IDP_SHAPE=keycloak: access tokens shaped like a Keycloak realm', () => {
  let idp: TestIdp;
  let tokens: TokenResponse;
  let accessToken: Record<string, unknown>;

  before(async () => {
    idp = await startTestIdp({ IDP_SHAPE: 'keycloak' }, { issuerPath: '/realms/dev' });
    tokens = await signInForTokens(idp, 'bob');
    accessToken = decodeJwt(tokens.access_token).payload;
  });
  after(() => idp.close());

  test('the header says typ JWT, not at+jwt, and the token is still ES256 with a published key', async () => {
    const { header } = decodeJwt(tokens.access_token);
    assert.equal(header['typ'], 'JWT');
    assert.equal(header['alg'], 'ES256');
    const jwks = await (await fetch((await discover(idp)).jwks_uri)).json();
    assert.ok(hasValidEs256Signature(tokens.access_token, jwks));
  });

  test('aud is an array holding the API audience and the client id', () => {
    assert.deepEqual(accessToken['aud'], [idp.config.audience, idp.config.clientId]);
  });

  test('the client is named by azp, and there is no client_id', () => {
    assert.equal(accessToken['azp'], idp.config.clientId);
    assert.equal('client_id' in accessToken, false);
  });

  test('it carries the claim typ Bearer, and the issuer with its path', () => {
    assert.equal(accessToken['typ'], 'Bearer');
    assert.equal(accessToken['iss'], idp.issuer);
  });

  test('it has preferred_username but no name', () => {
    assert.equal(accessToken['preferred_username'], 'bob');
    assert.equal('name' in accessToken, false);
  });

  test("bob's roles are company groups under realm_access.roles, among Keycloak's default roles; no top-level roles", () => {
    assert.deepEqual(accessToken['realm_access'], {
      roles: [...KEYCLOAK_DEFAULT_ROLES, KEYCLOAK_GROUPS.chat, KEYCLOAK_GROUPS.analytics],
    });
    assert.equal('roles' in accessToken, false);
  });

  test("alice's realm roles are the defaults and the chat group", async () => {
    const { access_token } = await signInForTokens(idp, 'alice');
    assert.deepEqual(decodeJwt(access_token).payload['realm_access'], {
      roles: ['offline_access', 'uma_authorization', 'default-roles-dev', 'APP-TEAMSPACE-CHAT'],
    });
  });

  test("carol's realm roles are only Keycloak's defaults", async () => {
    const { access_token } = await signInForTokens(idp, 'carol');
    assert.deepEqual(decodeJwt(access_token).payload['realm_access'], { roles: [...KEYCLOAK_DEFAULT_ROLES] });
  });

  test('scope lists the client scopes, as Keycloak does, and the granted API scope', async () => {
    const { access_token } = await signInForTokens(idp, 'alice', { scope: 'openid profile offline_access api' });
    assert.equal(decodeJwt(access_token).payload['scope'], 'openid profile api');
  });

  test('the refresh grant still works, rotates the refresh token and keeps the shape', async () => {
    const response = await refresh(idp, tokens.refresh_token);
    assert.equal(response.status, 200);
    const refreshed = (await response.json()) as TokenResponse;
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const { header, payload } = decodeJwt(refreshed.access_token);
    assert.equal(header['typ'], 'JWT');
    assert.deepEqual(payload['aud'], [idp.config.audience, idp.config.clientId]);
    assert.equal(payload['azp'], idp.config.clientId);
    assert.deepEqual(payload['realm_access'], accessToken['realm_access']);
  });
});

describe('IDP_SHAPE=keycloak: ID tokens', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({ IDP_SHAPE: 'keycloak' });
  });
  after(() => idp.close());

  test('keep name, preferred_username and the nonce of the code flow, for the client', async () => {
    const { pending, callback } = await signIn(new Browser(), idp, 'alice');
    const { id_token } = (await (await exchangeCode(idp, callback, pending)).json()) as TokenResponse;
    const { payload } = decodeJwt(id_token);
    assert.equal(payload['aud'], idp.config.clientId);
    assert.equal(payload['name'], 'Alice Martin');
    assert.equal(payload['preferred_username'], 'alice');
    assert.equal(payload['nonce'], pending.url.searchParams.get('nonce'));
  });

  test("carry no roles, as Keycloak's realm roles mapper leaves ID tokens alone by default", async () => {
    const { payload } = decodeJwt((await signInForTokens(idp, 'bob')).id_token);
    assert.equal('roles' in payload, false);
    assert.equal('realm_access' in payload, false);
  });
});
