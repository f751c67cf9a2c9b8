/**
 * DPoP at the dev IdP (RFC 9449): tokens bound to the key of the proof that came with the token
 * request, its nonces (`IDP_DPOP=nonce`, the default), and no DPoP at all with `IDP_DPOP=off`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from './support/browser.ts';
import { discover, exchangeCode, refresh, signIn, tokenRequest, type TokenResponse } from './support/code-flow.ts';
import { createDpopClientKey, tokenRequestProof, type DpopClientKey } from './support/dpop.ts';
import { decodeJwt } from './support/jwt.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

/** A code exchange with a proof of `key`, answering the IdP's `use_dpop_nonce` once, as the SPA does. */
async function boundSignIn(idp: TestIdp, key: DpopClientKey, extraParams: Record<string, string> = {}): Promise<{ first: Response; tokens: TokenResponse; nonce: string | null }> {
  const { pending, callback } = await signIn(new Browser(), idp, 'bob', { extraParams });
  const tokenEndpoint = (await discover(idp)).token_endpoint;
  const first = await exchangeCode(idp, callback, pending, { dpop: tokenRequestProof(key, tokenEndpoint), origin: idp.config.appOrigin });
  const nonce = first.headers.get('dpop-nonce');
  const second = first.status === 400 ? await exchangeCode(idp, callback, pending, { dpop: tokenRequestProof(key, tokenEndpoint, nonce ?? undefined) }) : first;
  assert.equal(second.status, 200, await second.clone().text());
  return { first, tokens: (await second.json()) as TokenResponse, nonce };
}

describe('DPoP at the dev IdP, with nonces (IDP_DPOP=nonce, the default)', () => {
  let idp: TestIdp;
  let key: DpopClientKey;

  before(async () => {
    idp = await startTestIdp();
    key = createDpopClientKey();
  });
  after(() => idp.close());

  test('advertises DPoP with ES256, the SPA\'s algorithm (RFC 9449 §5.1)', async () => {
    const metadata = (await discover(idp)) as unknown as Record<string, unknown>;
    assert.ok((metadata['dpop_signing_alg_values_supported'] as string[]).includes('ES256'));
  });

  test('answers a proof without its nonce with use_dpop_nonce and a DPoP-Nonce the app\'s origin may read', async () => {
    const { first } = await boundSignIn(idp, key);
    assert.equal(first.status, 400);
    assert.equal(((await first.json()) as { error: string }).error, 'use_dpop_nonce');
    assert.ok(first.headers.get('dpop-nonce'));
    assert.equal(first.headers.get('access-control-allow-origin'), idp.config.appOrigin);
    assert.match(first.headers.get('access-control-expose-headers') ?? '', /DPoP-Nonce/i);
  });

  test('binds the access token to the proof\'s key: token_type DPoP, cnf.jkt its thumbprint', async () => {
    const { tokens } = await boundSignIn(idp, key);
    assert.equal(tokens.token_type, 'DPoP');
    assert.deepEqual(decodeJwt(tokens.access_token).payload['cnf'], { jkt: key.jkt });
  });

  test('binds the public client\'s refresh token too: a refresh without the key\'s proof, or with another key\'s, is refused', async () => {
    const { tokens, nonce } = await boundSignIn(idp, key);
    const tokenEndpoint = (await discover(idp)).token_endpoint;
    const form = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token };
    assert.equal((await refresh(idp, tokens.refresh_token)).status, 400);
    const stranger = await tokenRequest(idp, form, { dpop: tokenRequestProof(createDpopClientKey(), tokenEndpoint, nonce ?? undefined) });
    assert.equal(((await stranger.json()) as { error: string }).error, 'invalid_grant');
    const own = await tokenRequest(idp, form, { dpop: tokenRequestProof(key, tokenEndpoint, nonce ?? undefined) });
    assert.equal(own.status, 200);
    assert.deepEqual(decodeJwt(((await own.json()) as TokenResponse).access_token).payload['cnf'], { jkt: key.jkt });
  });

  test('binds the authorization code with dpop_jkt: another key cannot redeem it (RFC 9449 §10)', async () => {
    const other = createDpopClientKey();
    const { pending, callback } = await signIn(new Browser(), idp, 'bob', { extraParams: { dpop_jkt: key.jkt } });
    const tokenEndpoint = (await discover(idp)).token_endpoint;
    const nonce = (await exchangeCode(idp, callback, pending, { dpop: tokenRequestProof(other, tokenEndpoint) })).headers.get('dpop-nonce');
    const response = await exchangeCode(idp, callback, pending, { dpop: tokenRequestProof(other, tokenEndpoint, nonce ?? undefined) });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
    // The same request with the key dpop_jkt names goes through.
    assert.equal((await boundSignIn(idp, key, { dpop_jkt: key.jkt })).tokens.token_type, 'DPoP');
  });

  test('lets the app\'s origin send the DPoP header by CORS', async () => {
    const response = await fetch((await discover(idp)).token_endpoint, {
      method: 'OPTIONS',
      headers: { origin: idp.config.appOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,dpop' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), idp.config.appOrigin);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /dpop/i);
  });
});

describe('DPoP at the dev IdP without nonces (IDP_DPOP=on)', () => {
  test('binds the token at the first request', async () => {
    const idp = await startTestIdp({ IDP_DPOP: 'on' });
    try {
      const { first, tokens } = await boundSignIn(idp, createDpopClientKey());
      assert.equal(first.status, 200);
      assert.equal(tokens.token_type, 'DPoP');
    } finally {
      await idp.close();
    }
  });
});

describe('the dev IdP without DPoP (IDP_DPOP=off), as an IdP that has none', () => {
  test('advertises no DPoP, ignores a proof and issues bearer tokens without cnf', async () => {
    const idp = await startTestIdp({ IDP_DPOP: 'off' });
    try {
      const metadata = (await discover(idp)) as unknown as Record<string, unknown>;
      assert.equal(metadata['dpop_signing_alg_values_supported'], undefined);
      const { first, tokens } = await boundSignIn(idp, createDpopClientKey());
      assert.equal(first.status, 200);
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(decodeJwt(tokens.access_token).payload['cnf'], undefined);
    } finally {
      await idp.close();
    }
  });
});
