/** Doctor, check group 3: whether the IdP takes the SPA's authorization request, read from its answer. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { authorizationRequestUrl, checkAuthorizationRequest } from '../../src/doctor/authorization-checks.ts';
import { VENDOR_WORDS, type VendorWords } from '../../src/doctor/vendor-words.ts';
import { html, redirect, startCraftedIdp, type CraftedIdp } from './support/crafted-idp.ts';
import { assertFinding } from './support/findings.ts';

const APP_ORIGIN = 'http://localhost:4200';
const REDIRECT_URI = `${APP_ORIGIN}/auth/callback`;
const words = VENDOR_WORDS.generic;

describe('doctor: authorization request', () => {
  let idp: CraftedIdp;
  let config: AppConfig;
  before(async () => {
    idp = await startCraftedIdp();
    config = loadConfig({ OIDC_ISSUER: idp.issuer, APP_ORIGIN, OIDC_CLIENT_ID: 'spa', OIDC_AUTHORIZATION_PARAMS: 'domain_hint=example.com' });
  });
  after(() => idp.close());

  const check = (answer: Parameters<CraftedIdp['route']>[0][string], vendorWords: VendorWords = words) => {
    idp.route({ 'GET /auth': answer });
    return checkAuthorizationRequest(config, `${idp.issuer}/auth`, vendorWords);
  };

  it('sends what the SPA sends: client id, redirect URI, code, scopes, state, nonce, an S256 challenge and the extra parameters', () => {
    const url = authorizationRequestUrl(config, `${idp.issuer}/auth`);
    assert.equal(url.searchParams.get('client_id'), 'spa');
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT_URI);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('scope'), config.oidc.scopes);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce'));
    assert.equal(url.searchParams.get('domain_hint'), 'example.com');
  });

  it('passes a redirect to a sign-in page', async () => {
    assertFinding(await check(redirect('/login?session=1')), 'pass', /accepts the client id and the redirect URI/);
  });

  it("fails a redirect back to the app with error=, quoting the IdP's error (client and redirect URI were accepted)", async () => {
    const finding = await check(redirect(`${REDIRECT_URI}?error=invalid_scope&error_description=offline_access+is+not+allowed&state=x`));
    assertFinding(finding, 'fail', /accepts the client and redirect URI but refuses/, /error=invalid_scope: offline_access is not allowed/, /OIDC_SCOPES/);
  });

  it('fails a 400 error page saying invalid_client, with the text found (no HTML) and the client-id fix', async () => {
    const finding = await check(html(400, '<html><head><style>p{}</style></head><body><h1>Error</h1><p>Error: <code>invalid_client</code></p><p>client is invalid</p></body></html>'));
    assertFinding(finding, 'fail', /answered 400: "Error Error: invalid_client client is invalid"/, /is OIDC_CLIENT_ID=spa a client id the IdP knows\?/);
    assert.doesNotMatch(finding.details.join('\n'), /<code>|<p>/);
  });

  it('fails a 200 page that shows an unregistered redirect URI, with the redirect-URI fix', async () => {
    const finding = await check(html(200, '<html><body><p>We are sorry...</p><p>Invalid parameter: redirect_uri</p></body></html>'));
    assertFinding(finding, 'fail', /Invalid parameter: redirect_uri/, new RegExp(`register the redirect URI ${REDIRECT_URI} exactly`));
  });

  it('passes a 200 sign-in page whose form merely names client_id in its action', async () => {
    const page = '<html><body><form action="/login-actions/authenticate?client_id=spa&amp;tab_id=1"><input name="username"></form></body></html>';
    assertFinding(await check(html(200, page)), 'pass', /no error on it/);
  });

  it("explains a vendor's known error code in the vendor's words", async () => {
    const vendor: VendorWords = { ...words, knownErrors: [{ code: 'AADSTS50011', meaning: 'the redirect URI is not registered', fix: 'add it under Authentication, Single-page application' }] };
    const finding = await check(html(200, '<p>AADSTS50011: The redirect URI specified in the request does not match.</p>'), vendor);
    assertFinding(finding, 'fail', /AADSTS50011/, /the redirect URI is not registered/, /Single-page application/);
  });

  it('fails a server error with whatever text it had, and both fixes', async () => {
    assertFinding(await check(html(500, 'Oops')), 'fail', /answered 500: "Oops"/, /OIDC_CLIENT_ID/, /register the redirect URI/);
  });
});
