import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from './support/browser.ts';
import {
  authorizationRequest,
  discover,
  discoveryUrl,
  exchangeCode,
  loginFormAction,
  openAuthorization,
  refresh,
  signIn,
  signInForTokens,
  type Discovery,
  type TokenResponse,
} from './support/code-flow.ts';
import { decodeJwt } from './support/jwt.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

const ISSUER_PATH = '/realms/dev';

/** True when `url` is on the issuer's origin, strictly under its path. */
function isUnderIssuerPath(idp: TestIdp, url: string | URL): boolean {
  const parsed = new URL(url);
  return parsed.origin === new URL(idp.issuer).origin && parsed.pathname.startsWith(`${ISSUER_PATH}/`);
}

describe('an issuer with a path: IDP_ISSUER=http://localhost:<port>/realms/dev', () => {
  let idp: TestIdp;
  let metadata: Discovery;

  before(async () => {
    idp = await startTestIdp({}, { issuerPath: ISSUER_PATH });
    metadata = await discover(idp);
  });
  after(() => idp.close());

  test('discovery at <issuer>/.well-known/openid-configuration names the issuer exactly as configured', () => {
    assert.equal(new URL(idp.issuer).pathname, ISSUER_PATH);
    assert.equal(metadata.issuer, idp.config.issuer);
  });

  test('every endpoint discovery advertises is under the issuer path', () => {
    const endpoints = Object.entries(metadata).filter(([name]) => name.endsWith('_endpoint') || name === 'jwks_uri');
    assert.ok(endpoints.length >= 5, 'authorization, token, jwks, end session, revocation at least');
    for (const [name, url] of endpoints) {
      assert.ok(isUnderIssuerPath(idp, url as string), `${name}: ${String(url)}`);
    }
  });

  test('the JWKS is served under the path', async () => {
    const response = await fetch(metadata.jwks_uri);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { keys: unknown[] }).keys.length, 1);
  });

  test('the sign-in page is under the path and its form posts under the path', async () => {
    const { response } = await openAuthorization(new Browser(), idp, await authorizationRequest(idp));
    assert.equal(response.status, 200);
    assert.ok(isUnderIssuerPath(idp, response.url), response.url);
    const action = loginFormAction(await response.text(), idp.issuer);
    assert.equal(action.pathname, new URL(response.url).pathname);
  });

  test("oidc-provider's interaction cookie is scoped to the sign-in page's path, so the browser sends it back", async () => {
    const browser = new Browser();
    const { response } = await openAuthorization(browser, idp, await authorizationRequest(idp));
    assert.deepEqual(
      browser.cookiesNamed('_interaction').map((cookie) => cookie.path),
      [new URL(response.url).pathname],
    );
  });

  test('the session cookie is scoped to the issuer path', async () => {
    const browser = new Browser();
    await signIn(browser, idp, 'alice');
    assert.deepEqual(
      browser.cookiesNamed('_session').map((cookie) => cookie.path),
      [`${ISSUER_PATH}/`],
    );
  });

  test('a whole code flow with PKCE works, and every token names the issuer with its path', async () => {
    const browser = new Browser();
    const { pending, callback } = await signIn(browser, idp, 'bob');
    // RFC 9207: the authorization response names its issuer.
    assert.equal(callback.searchParams.get('iss'), idp.issuer);
    const response = await exchangeCode(idp, callback, pending);
    assert.equal(response.status, 200);
    const tokens = (await response.json()) as TokenResponse;
    assert.equal(decodeJwt(tokens.access_token).payload['iss'], idp.issuer);
    assert.equal(decodeJwt(tokens.id_token).payload['iss'], idp.issuer);
  });

  test('a second authorization request of a signed-in browser answers without the sign-in form', async () => {
    const browser = new Browser();
    await signIn(browser, idp, 'alice');
    const pending = await authorizationRequest(idp, { extraParams: { prompt: 'none' } });
    const { next } = await openAuthorization(browser, idp, pending);
    assert.ok(next, 'the IdP redirects straight back to the app');
    assert.equal(next.searchParams.get('error'), null);
    assert.equal((await exchangeCode(idp, next, pending)).status, 200);
  });

  test('the refresh grant works under the path', async () => {
    const tokens = await signInForTokens(idp, 'alice');
    const response = await refresh(idp, tokens.refresh_token);
    assert.equal(response.status, 200);
    assert.equal(decodeJwt(((await response.json()) as TokenResponse).access_token).payload['sub'], 'alice');
  });

  test('the token endpoint allows CORS for the app origin', async () => {
    const { pending, callback } = await signIn(new Browser(), idp, 'alice');
    const response = await exchangeCode(idp, callback, pending, { origin: idp.config.appOrigin });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), idp.config.appOrigin);
  });

  test('revocation works under the path, with CORS for the app origin', async () => {
    const tokens = await signInForTokens(idp, 'alice');
    const response = await fetch(metadata.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: idp.config.appOrigin },
      body: new URLSearchParams({ client_id: idp.config.clientId, token: tokens.refresh_token }).toString(),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), idp.config.appOrigin);
    assert.equal((await refresh(idp, tokens.refresh_token)).status, 400);
  });

  test('RP-initiated logout: the page and its form are under the path, and it ends on the app', async () => {
    const browser = new Browser();
    const tokens = await signInForTokens(idp, 'bob', { browser });
    const url = new URL(metadata.end_session_endpoint);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${idp.config.appOrigin}/` }).toString();
    const page = await browser.get(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && xsrf, 'the page holds the logout form');
    assert.ok(isUnderIssuerPath(idp, action), action);

    const submitted = await browser.post(action, { xsrf, logout: 'yes' });
    assert.equal(submitted.status, 303);
    assert.equal(submitted.headers.get('location'), `${idp.config.appOrigin}/`);
    assert.deepEqual(browser.cookiesNamed('_session'), [], 'the session cookie is cleared at its own path');
  });

  test('without a post-logout URI, logout ends on the signed-out page under the path', async () => {
    const browser = new Browser();
    const tokens = await signInForTokens(idp, 'bob', { browser });
    const url = new URL(metadata.end_session_endpoint);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token }).toString();
    const html = await (await browser.get(url)).text();
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const { response } = await browser.follow(await browser.post(action, { xsrf, logout: 'yes' }), idp.config.appOrigin);
    assert.equal(response.status, 200);
    assert.ok(isUnderIssuerPath(idp, response.url), response.url);
    assert.match(await response.text(), /<h1>You are signed out<\/h1>/);
  });

  for (const path of ['/', '/.well-known/openid-configuration', '/interaction/some-uid', '/realms/devil/.well-known/openid-configuration', '/realms']) {
    test(`a request outside the issuer path is 404: ${path}`, async () => {
      const response = await fetch(new URL(path, idp.issuer));
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    });
  }
});

describe('an issuer with a path and a trailing slash: IDP_ISSUER=http://localhost:<port>/realms/dev/', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({}, { issuerPath: `${ISSUER_PATH}/` });
  });
  after(() => idp.close());

  test('discovery, at the issuer without its slash, names the issuer verbatim, slash included', async () => {
    assert.equal(discoveryUrl(idp.issuer).pathname, `${ISSUER_PATH}/.well-known/openid-configuration`);
    const metadata = await discover(idp);
    assert.equal(metadata.issuer, idp.config.issuer);
    assert.ok(metadata.issuer.endsWith('/'));
    assert.ok(isUnderIssuerPath(idp, metadata.token_endpoint), metadata.token_endpoint);
  });

  test('a code flow works and the tokens carry the issuer verbatim', async () => {
    const tokens = await signInForTokens(idp, 'carol');
    assert.equal(decodeJwt(tokens.access_token).payload['iss'], idp.config.issuer);
    assert.equal(decodeJwt(tokens.id_token).payload['iss'], idp.config.issuer);
  });
});
