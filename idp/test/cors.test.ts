import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from './support/browser.ts';
import { exchangeCode, signIn } from './support/code-flow.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('CORS at the token endpoint', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  test('allows the app origin: Access-Control-Allow-Origin equals APP_ORIGIN', async () => {
    const { pending, callback } = await signIn(new Browser(), idp, 'alice');
    const response = await exchangeCode(idp, callback, pending, { origin: idp.config.appOrigin });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), idp.config.appOrigin);
  });

  for (const origin of ['http://localhost:4201', 'http://localhost:4200.evil.example', 'http://evil.example']) {
    test(`refuses another origin: ${origin}`, async () => {
      const { pending, callback } = await signIn(new Browser(), idp, 'alice');
      const response = await exchangeCode(idp, callback, pending, { origin });
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
    });
  }

  test('the revocation endpoint allows the app origin too', async () => {
    const response = await fetch(new URL('/token/revocation', idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: idp.config.appOrigin },
      body: new URLSearchParams({ client_id: idp.config.clientId, token: 'unknown-token' }).toString(),
    });
    // RFC 7009 §2.2: an unknown token is not an error.
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), idp.config.appOrigin);
  });
});
