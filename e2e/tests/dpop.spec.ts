/**
 * DPoP end to end (RFC 9449), in Chromium against the dev IdP (which binds tokens and wants its
 * nonce) and the API: every token and every API request is bound to a key the browser keeps, and a
 * token copied out of the page is useless elsewhere.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, createHash, randomUUID, sign } from 'node:crypto';
import { AppPath, ChatApiPath, ErrorCode, TokenRefusal, type ApiError } from '@app/contracts';
import type { Page } from '@playwright/test';
import { boundKeyOf, dpopHeaders, pageKeyThumbprint } from './dpop.ts';
import { captureAccessToken, expect, expectSignedIn, recordTokenExchanges, refreshesIn, signIn, submitIdpLogin, test } from './fixtures.ts';
import { APP_ORIGIN, environmentWith, IDP_ISSUER } from './system.ts';

interface SentRequest {
  readonly url: URL;
  readonly method: string;
  readonly authorization: string | undefined;
  readonly dpop: string | undefined;
  /** For a token request: its `grant_type`. */
  readonly grantType: string | null;
}

/** Every request the page (and its token worker) sends, with its credentials. */
function recordCredentials(page: Page): SentRequest[] {
  const sent: SentRequest[] = [];
  page.on('request', (request) => {
    const headers = request.headers();
    const grantType = new URLSearchParams(request.postData() ?? '').get('grant_type');
    sent.push({ url: new URL(request.url()), method: request.method(), authorization: headers['authorization'], dpop: headers['dpop'], grantType });
  });
  return sent;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The RFC 7638 thumbprint of the key a proof carries. */
function thumbprintOf(proof: string): string {
  const { jwk } = JSON.parse(Buffer.from(proof.split('.')[0] ?? '', 'base64url').toString('utf8')) as { jwk: Record<string, string> };
  return createHash('sha256').update(JSON.stringify({ crv: jwk['crv'], kty: jwk['kty'], x: jwk['x'], y: jwk['y'] })).digest('base64url');
}

/** A proof signed by a key of the test's own: what someone who copied the token could make. */
function strangersProof(method: string, url: string, accessToken: string): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const ath = createHash('sha256').update(accessToken).digest('base64url');
  const input = `${encode({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } })}.${encode({ jti: randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000), ath })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

async function openAboutSession(page: Page) {
  await page.getByTestId('user-name').click();
  return page.getByTestId('token-binding');
}

test.describe('DPoP-bound sessions', () => {
  test('sign-in, API calls and the chat stream are all bound to the browser\'s key: every API request carries DPoP and its proof', async ({ page }) => {
    const sent = recordCredentials(page);
    const exchanges = recordTokenExchanges([page], IDP_ISSUER);
    const accessToken = captureAccessToken(page);
    await signIn(page, 'bob');
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    await page.getByRole('link', { name: 'Chat' }).click();
    await expect(page.getByTestId('stream-status')).toHaveText('Live');

    const jkt = await pageKeyThumbprint(page);
    expect(jkt).not.toBeNull();
    expect(boundKeyOf(await accessToken), 'the access token is bound to the browser\'s key').toBe(jkt);
    // The IdP asked for its nonce once, and the worker answered with it.
    expect(exchanges.map((exchange) => [exchange.status, exchange.body['error'] ?? exchange.body['token_type']])).toEqual([[400, 'use_dpop_nonce'], [200, 'DPoP']]);
    const tokenRequests = sent.filter((request) => request.url.origin === IDP_ISSUER && request.url.pathname === '/token');
    expect(tokenRequests.map((request) => claimsOf(request.dpop ?? '')['nonce'])).toEqual([undefined, expect.any(String)]);
    const authorize = sent.find((request) => request.url.origin === IDP_ISSUER && request.url.pathname === '/auth');
    expect(authorize?.url.searchParams.get('dpop_jkt'), 'the code is bound to the key too').toBe(jkt);

    const apiCalls = sent.filter((request) => request.url.origin === APP_ORIGIN && request.url.pathname.startsWith('/api/') && request.authorization !== undefined);
    expect(apiCalls.map((request) => request.url.pathname)).toEqual(expect.arrayContaining(['/api/me', '/api/analytics/summary', ChatApiPath.Events, ChatApiPath.Rooms]));
    for (const call of apiCalls) {
      expect(call.authorization, call.url.pathname).toMatch(/^DPoP /);
      expect(claimsOf(call.dpop ?? ''), call.url.pathname).toMatchObject({ htm: call.method, htu: `${APP_ORIGIN}${call.url.pathname}` });
    }
    expect(new Set(apiCalls.map((call) => claimsOf(call.dpop ?? '')['jti'])).size, 'a new proof for every request').toBe(apiCalls.length);
    await expect(await openAboutSession(page)).toContainText('Yes (DPoP)');
  });

  test('the access token copied out of the page and replayed from Node without the key is refused, however it is sent', async ({ page, request }) => {
    const accessToken = captureAccessToken(page);
    const proofs: { authorization: string; dpop: string }[] = [];
    page.on('request', (sent) => {
      const headers = sent.headers();
      if (sent.url() === `${APP_ORIGIN}${ChatApiPath.Rooms}` && headers['dpop'] !== undefined) proofs.push({ authorization: headers['authorization']!, dpop: headers['dpop'] });
    });
    await signIn(page, 'alice');
    await expect(page.getByTestId('rooms-empty')).toBeVisible();
    const token = await accessToken;
    const url = `${APP_ORIGIN}${ChatApiPath.Rooms}`;

    const refusal = async (headers: Record<string, string>) => {
      const response = await request.get(url, { headers });
      expect(response.status()).toBe(401);
      return (await response.json()) as ApiError;
    };
    expect(await refusal({ Authorization: `Bearer ${token}` })).toMatchObject({ error: ErrorCode.InvalidToken, reason: TokenRefusal.SenderConstrained });
    expect(await refusal({ Authorization: `DPoP ${token}` })).toMatchObject({ error: ErrorCode.InvalidDpopProof, reason: TokenRefusal.DpopProof });
    expect(await refusal({ Authorization: `DPoP ${token}`, DPoP: strangersProof('GET', url, token) })).toMatchObject({ error: ErrorCode.InvalidToken, reason: TokenRefusal.DpopBinding });
    // A request captured whole, proof included, and sent again.
    expect(proofs.length).toBeGreaterThan(0);
    expect(await refusal({ Authorization: proofs[0]!.authorization, DPoP: proofs[0]!.dpop })).toMatchObject({ error: ErrorCode.InvalidDpopProof, reason: TokenRefusal.DpopReplay });
    // The browser's own key still works: a fresh proof made in the page.
    expect((await request.get(url, { headers: await dpopHeaders(page, 'GET', url, token) })).status()).toBe(200);
  });

  test('a reload keeps the key and the session: the new tokens are bound to the same key, without the password form', async ({ page }) => {
    await signIn(page, 'alice');
    const before = await pageKeyThumbprint(page);
    const accessToken = captureAccessToken(page);
    await page.reload();
    await expectSignedIn(page, 'alice');
    await expect(page.getByLabel('Password')).toHaveCount(0);
    expect(await pageKeyThumbprint(page)).toBe(before);
    expect(boundKeyOf(await accessToken)).toBe(before);
  });

  test('sign-out deletes the key: the next sign-in binds its tokens to a new one', async ({ page }) => {
    await signIn(page, 'alice');
    const first = await pageKeyThumbprint(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    expect(await pageKeyThumbprint(page)).toBeNull();
    const accessToken = captureAccessToken(page);
    await signIn(page, 'alice');
    const second = await pageKeyThumbprint(page);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    expect(boundKeyOf(await accessToken)).toBe(second);
  });

  test('refresh works with the bound refresh token: each refresh carries a proof of the same key, and the app goes on', async ({ page, ownSystems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 9, accessTokenTtl: 20 });
    const exchanges = recordTokenExchanges([page], system.idpIssuer);
    const sent = recordCredentials(page);
    await signIn(page, 'bob', system);
    const jkt = await pageKeyThumbprint(page);

    await expect.poll(() => refreshesIn(exchanges).filter((exchange) => exchange.status === 200).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const refreshed = refreshesIn(exchanges).find((exchange) => exchange.status === 200)!;
    expect(refreshed.body['token_type']).toBe('DPoP');
    expect(boundKeyOf(String(refreshed.body['access_token']))).toBe(jkt);
    const refreshRequests = sent.filter((request) => request.url.origin === system.idpIssuer && request.grantType === 'refresh_token');
    expect(refreshRequests.length).toBeGreaterThanOrEqual(1);
    for (const refresh of refreshRequests) {
      // Signed with the same key, with the nonce the IdP gave at sign-in.
      const proof = refresh.dpop ?? '';
      expect(thumbprintOf(proof)).toBe(jkt);
      expect(claimsOf(proof)).toMatchObject({ htm: 'POST', htu: `${system.idpIssuer}/token`, nonce: expect.any(String) });
    }

    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    await expectSignedIn(page, 'bob');
  });

  test('"Copy tokens for the doctor" copies bound tokens, and the doctor says so: DPoP-bound, the API will need the proof', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
    await signIn(page, 'bob');
    await openAboutSession(page);
    await page.getByText('For your administrator').click();
    await page.getByRole('button', { name: 'Copy tokens for the doctor' }).click();
    await expect(page.getByText('they are bound to this browser’s key, so a copy alone cannot call the app')).toBeVisible();
    await expect(page.getByTestId('copy-status')).toContainText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^access_token=ey/);

    const { code, output } = await runDoctorWithTokens(copied);
    expect(output).toContain('DPoP-bound to the browser\'s key');
    expect(output).toContain('with a DPoP proof of its key');
    expect(output).not.toMatch(/FAIL/);
    expect(code).toBe(0);
  });
});

test.describe('without DPoP', () => {
  test('an IdP without DPoP still works: bearer tokens (OIDC_DPOP=allowed), and the app says so', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 9, accessTokenTtl: 300, idpDpop: 'off' });
    const sent = recordCredentials(page);
    const accessToken = captureAccessToken(page, system.idpIssuer);
    await signIn(page, 'bob', system);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    expect(boundKeyOf(await accessToken)).toBeUndefined();
    const apiCalls = sent.filter((request) => request.url.pathname.startsWith('/api/') && request.authorization !== undefined);
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const call of apiCalls) {
      expect(call.authorization).toMatch(/^Bearer /);
      expect(call.dpop).toBeUndefined();
    }
    expect(sent.filter((request) => request.url.origin === system.idpIssuer && request.dpop !== undefined), 'no proof for an IdP that does not advertise DPoP').toEqual([]);
    await expect(await openAboutSession(page)).toContainText('No: bearer tokens');
  });

  test('with OIDC_DPOP=required and an IdP without DPoP, sign-in stops with an error that names the setting', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 9, accessTokenTtl: 300, idpDpop: 'off', appEnv: { OIDC_DPOP: 'required' } });
    await page.goto(`${system.appOrigin}${AppPath.Chat}`);
    await submitIdpLogin(page, 'alice', 'alice', system);
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.SignInError}`);
    await expect(page.getByText('api_refused_dpop_required')).toBeVisible();
    await expect(page.getByText(/Enable DPoP for this client at the identity provider, or set OIDC_DPOP=allowed/)).toBeVisible();
  });
});

/** `npm run doctor -- --tokens -` against the shared system, as an operator would run it, `tokens` on its standard input. */
function runDoctorWithTokens(tokens: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['../api/src/doctor/main.ts', '--tokens', '-'],
      { cwd: `${import.meta.dirname}/..`, env: environmentWith({ OIDC_ISSUER: IDP_ISSUER, APP_ORIGIN }), timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` }),
    );
    child.stdin?.end(tokens);
  });
}
