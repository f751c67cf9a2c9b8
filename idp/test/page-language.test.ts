import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acceptedLanguages, pageLanguage } from '../src/page-language.ts';
import { Browser } from './support/browser.ts';
import { authorizationRequest, discover, loginFormAction, openAuthorization, signInForTokens } from './support/code-flow.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('the language of the pages', () => {
  test('is the first of the app’s ui_locales the IdP speaks', () => {
    assert.equal(pageLanguage('fr-CA en', 'en-US'), 'fr');
    assert.equal(pageLanguage('de fr', undefined), 'fr');
    assert.equal(pageLanguage('en', 'fr-FR'), 'en');
  });

  test('else the browser’s Accept-Language, best first, else English', () => {
    assert.equal(pageLanguage(undefined, 'de-DE, fr;q=0.8, en;q=0.5'), 'fr');
    assert.equal(pageLanguage('de', 'en;q=0.4, fr;q=0.9'), 'fr');
    assert.equal(pageLanguage(undefined, 'fr;q=0, de'), 'en');
    assert.equal(pageLanguage(undefined, undefined), 'en');
  });

  test('reads Accept-Language by weight, then order, without the wildcard', () => {
    assert.deepEqual(acceptedLanguages('en;q=0.5, fr-FR, *;q=0.1, de;q=0.5'), ['fr-FR', 'en', 'de']);
  });
});

describe('the pages in French', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  async function loginPage(extraParams: Record<string, string>, headers: Record<string, string> = {}) {
    const browser = new Browser();
    const pending = await authorizationRequest(idp, { extraParams });
    // The authorization endpoint redirects to the interaction's page: both with the browser's headers.
    const first = await browser.get(pending.url, headers);
    const location = first.headers.get('location');
    assert.ok(location, 'the authorization endpoint sends the browser to the sign-in page');
    const response = await browser.get(new URL(location, first.url), headers);
    return { browser, html: await response.text() };
  }

  test('the discovery document says which languages the pages speak', async () => {
    assert.deepEqual((await discover(idp) as unknown as { ui_locales_supported: string[] }).ui_locales_supported, ['en', 'fr']);
  });

  test('the sign-in form speaks French when the app asks with ui_locales=fr', async () => {
    const { html } = await loginPage({ ui_locales: 'fr' });
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<title>Connexion à web · IdP de développement<\/title>/);
    assert.match(html, /<label for="username">Nom d’utilisateur<\/label>/);
    assert.match(html, /<label for="password">Mot de passe<\/label>/);
    assert.match(html, /value="sign-in">Se connecter<\/button>/);
    assert.match(html, /\(aucun rôle\)\. Mot de passe = nom d’utilisateur\./);
  });

  test('says a wrong password in French', async () => {
    const { browser, html } = await loginPage({ ui_locales: 'fr' });
    const response = await browser.post(loginFormAction(html, idp.issuer), { username: 'bob', password: 'alice', action: 'sign-in' });
    assert.match(await response.text(), /role="alert">Nom d’utilisateur ou mot de passe incorrect\.</);
  });

  test('follows the browser’s language when the app names none, and stays English otherwise', async () => {
    assert.match((await loginPage({}, { 'accept-language': 'fr-FR,fr;q=0.9' })).html, /<html lang="fr">/);
    assert.match((await loginPage({})).html, /<html lang="en">[\s\S]*<label for="username">User name<\/label>/);
  });

  test('the logout confirmation speaks the language of the logout request', async () => {
    const browser = new Browser();
    await signInForTokens(idp, 'alice', { browser });
    const url = new URL((await discover(idp)).end_session_endpoint);
    url.search = new URLSearchParams({ client_id: idp.config.clientId, ui_locales: 'fr' }).toString();
    const html = await (await browser.get(url)).text();
    assert.match(html, /<h1>Se déconnecter\u202f\?<\/h1>/);
    assert.match(html, /autofocus>Oui, me déconnecter</);
  });

  test('the error page speaks French, and keeps the protocol’s own words as they are', async () => {
    const pending = await authorizationRequest(idp, { extraParams: { ui_locales: 'fr', redirect_uri: 'https://evil.example/cb' } });
    const response = await new Browser().get(pending.url);
    const html = await response.text();
    assert.match(html, /<h1>Un problème est survenu<\/h1>/);
    assert.match(html, /Erreur\u00a0: <code>invalid_redirect_uri<\/code>/);
    assert.match(html, /Revenir à l’application/);
  });

  test('the page for a sign-in link that is gone follows the browser’s language', async () => {
    const browser = new Browser();
    const pending = await authorizationRequest(idp);
    const { response } = await openAuthorization(browser, idp, pending);
    const action = loginFormAction(await response.text(), idp.issuer);
    const gone = await new Browser().get(action, { 'accept-language': 'fr' });
    assert.equal(gone.status, 400);
    assert.match(await gone.text(), /<h1>Cette connexion a expiré<\/h1>/);
  });
});
