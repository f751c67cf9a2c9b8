import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppPath } from '@app/contracts';
import { Browser } from './support/browser.ts';
import { authorizationRequest, loginFormAction, openAuthorization } from './support/code-flow.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('the sign-in page', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  async function openLoginPage(browser = new Browser()) {
    const pending = await authorizationRequest(idp);
    const { response } = await openAuthorization(browser, idp, pending);
    const html = await response.text();
    return { browser, pending, response, html, action: loginFormAction(html, idp.issuer) };
  }

  test('shows an accessible form: labelled fields, autofocus, the client, the dev users hint', async () => {
    const { response, html } = await openLoginPage();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /<label for="username">User name<\/label>/);
    assert.match(html, /<label for="password">Password<\/label>/);
    assert.match(html, /id="username"[^>]* autofocus/);
    assert.match(html, /to continue to <strong>web<\/strong>/);
    assert.match(html, /<title>Sign in to web · Dev IdP<\/title>/);
    assert.match(
      html,
      /<code>alice<\/code> \(chat\), <code>bob<\/code> \(chat, analytics\), <code>carol<\/code> \(no roles\)\. Password = user name\./,
    );
  });

  test('is served with a CSP that allows no inline script without a nonce', async () => {
    const { response } = await openLoginPage();
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.match(csp, new RegExp(`form-action 'self' ${idp.config.appOrigin}`));
  });

  test('a wrong password re-renders the form with the message and the typed user name, without redirect', async () => {
    const { browser, action } = await openLoginPage();
    const response = await browser.post(action, { username: 'bob', password: 'alice', action: 'sign-in' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    const html = await response.text();
    assert.match(html, /role="alert">Wrong user name or password\.</);
    assert.match(html, /id="username"[^>]* value="bob"/);
  });

  test('escapes the typed user name when it shows it again', async () => {
    const { browser, action } = await openLoginPage();
    const response = await browser.post(action, { username: '"><script>alert(1)</script>', password: 'x' });
    const html = await response.text();
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('an unknown user gets the same message as a wrong password', async () => {
    const { browser, action } = await openLoginPage();
    const response = await browser.post(action, { username: 'mallory', password: 'mallory' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Wrong user name or password\./);
  });

  test('Cancel ends the sign-in with access_denied at the app', async () => {
    const { browser, pending, action } = await openLoginPage();
    const posted = await browser.post(action, { action: 'cancel' });
    const { next } = await browser.follow(posted, idp.config.appOrigin);
    assert.equal(`${next?.origin}${next?.pathname}`, `${idp.config.appOrigin}${AppPath.AuthCallback}`);
    assert.equal(next?.searchParams.get('error'), 'access_denied');
    assert.equal(next?.searchParams.get('state'), pending.state);
    // RFC 9207: the response names its issuer.
    assert.equal(next?.searchParams.get('iss'), idp.issuer);
  });

  test('an unknown or expired interaction shows a friendly page with a link back to the app', async () => {
    const response = await new Browser().get(new URL('/interaction/unknown-uid', idp.issuer));
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /This sign-in has expired/);
    assert.match(html, new RegExp(`href="${idp.config.appOrigin}/"`));
    assert.doesNotMatch(html, /Error:|at .*\.js/);
  });

  test('another interaction than the one of the cookie is treated as unknown', async () => {
    const { browser } = await openLoginPage();
    const response = await browser.get(new URL('/interaction/someone-elses-uid', idp.issuer));
    assert.equal(response.status, 400);
    assert.match(await response.text(), /This sign-in has expired/);
  });
});

describe('authorization requests', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  test('without PKCE are refused with invalid_request', async () => {
    const pending = await authorizationRequest(idp, { pkce: false });
    const { response, next } = await openAuthorization(new Browser(), idp, pending);
    assert.equal(response.status, 303);
    assert.equal(next?.searchParams.get('error'), 'invalid_request');
    assert.match(next?.searchParams.get('error_description') ?? '', /PKCE/);
  });

  test('with an unregistered redirect URI get an error page at the IdP, not a redirect', async () => {
    const pending = await authorizationRequest(idp);
    pending.url.searchParams.set('redirect_uri', 'http://evil.example/callback');
    const response = await new Browser().get(pending.url, { accept: 'text/html' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    const html = await response.text();
    assert.match(html, /<code>invalid_redirect_uri<\/code>/);
    assert.match(html, new RegExp(`href="${idp.config.appOrigin}/"`));
  });
});
