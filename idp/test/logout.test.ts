import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from './support/browser.ts';
import { authorizationRequest, discover, openAuthorization, refresh, signInForTokens } from './support/code-flow.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('RP-initiated logout', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  async function openLogout(browser: Browser, params: Record<string, string>) {
    const url = new URL((await discover(idp)).end_session_endpoint);
    url.search = new URLSearchParams(params).toString();
    const response = await browser.get(url);
    assert.equal(response.status, 200);
    return { response, html: await response.text() };
  }

  function logoutForm(html: string) {
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && xsrf, 'the page holds the logout form');
    return { action, xsrf };
  }

  test('with id_token_hint, the page submits itself, then the browser lands on the post-logout URI', async () => {
    const browser = new Browser();
    const tokens = await signInForTokens(idp, 'bob', { browser });
    const { response, html } = await openLogout(browser, {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${idp.config.appOrigin}/`,
      state: 'after-logout',
    });

    assert.match(html, /<input type="hidden" form="op\.logoutForm" name="logout" value="yes">/);
    const nonce = /<script nonce="([^"]+)">document\.getElementById\('op\.logoutForm'\)\.submit\(\);<\/script>/.exec(html)?.[1];
    assert.ok(nonce, 'an auto-submitting script');
    assert.ok(response.headers.get('content-security-policy')?.includes(`script-src 'nonce-${nonce}'`), 'the CSP allows it');

    const { action, xsrf } = logoutForm(html);
    const submitted = await browser.post(action, { xsrf, logout: 'yes' });
    assert.equal(submitted.status, 303);
    const landing = new URL(submitted.headers.get('location') ?? '');
    assert.equal(`${landing.origin}${landing.pathname}`, `${idp.config.appOrigin}/`);
    assert.equal(landing.searchParams.get('state'), 'after-logout');
  });

  test('after logout, a new authorization request shows the sign-in form again', async () => {
    const browser = new Browser();
    const tokens = await signInForTokens(idp, 'alice', { browser });
    const { html } = await openLogout(browser, { id_token_hint: tokens.id_token });
    const { action, xsrf } = logoutForm(html);
    await browser.post(action, { xsrf, logout: 'yes' });

    const { response, next } = await openAuthorization(browser, idp, await authorizationRequest(idp));
    assert.equal(next, undefined, 'no silent sign-in');
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<h1>Sign in<\/h1>/);
  });

  test('logout revokes the refresh tokens of the session', async () => {
    const browser = new Browser();
    const tokens = await signInForTokens(idp, 'alice', { browser });
    const { html } = await openLogout(browser, { id_token_hint: tokens.id_token });
    const { action, xsrf } = logoutForm(html);
    await browser.post(action, { xsrf, logout: 'yes' });

    const response = await refresh(idp, tokens.refresh_token);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
  });

  test('without id_token_hint, the user is asked to confirm', async () => {
    const browser = new Browser();
    await signInForTokens(idp, 'alice', { browser });
    const { html } = await openLogout(browser, { client_id: idp.config.clientId });
    assert.match(html, /<h1>Sign out\?<\/h1>/);
    assert.match(html, /name="logout" value="yes" autofocus>Yes, sign me out</);
    assert.doesNotMatch(html, /<script/);
  });

  test("with another user's id_token_hint, the user is asked to confirm", async () => {
    const browser = new Browser();
    await signInForTokens(idp, 'alice', { browser });
    const { id_token: bobsIdToken } = await signInForTokens(idp, 'bob');
    const { html } = await openLogout(browser, { id_token_hint: bobsIdToken });
    assert.match(html, /<h1>Sign out\?<\/h1>/);
    assert.doesNotMatch(html, /<script/);
  });
});
