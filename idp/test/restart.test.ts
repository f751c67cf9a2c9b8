import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { SIGNING_KEY_FILE } from '../src/idp-state.ts';
import { startDevIdp } from '../src/provider.ts';
import { Browser } from './support/browser.ts';
import { authorizationRequest, discover, discoveryUrl, exchangeCode, openAuthorization, refresh, signIn, type TokenResponse } from './support/code-flow.ts';
import { decodeJwt } from './support/jwt.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

/** Stops `idp` and starts it again on the same issuer with the same environment. */
async function restart(idp: TestIdp, env: Record<string, string>): Promise<TestIdp> {
  await idp.close();
  const config = loadConfig({ IDP_ISSUER: idp.issuer, ...env });
  const restarted = { ...(await startDevIdp(config)), config };
  await dropStaleConnections(restarted);
  return restarted;
}

/**
 * Node's fetch keeps connections alive, and may not yet have seen the old server close them: its
 * first request can go out on a dead socket and fail. A browser retries such a request by itself;
 * here the first request is retried, so the tests' own requests go out on fresh connections.
 */
async function dropStaleConnections(idp: TestIdp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await (await fetch(discoveryUrl(idp.issuer))).arrayBuffer();
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

async function signingKid(idp: TestIdp): Promise<string> {
  const jwks = (await (await fetch((await discover(idp)).jwks_uri)).json()) as { keys: { kid: string }[] };
  assert.equal(jwks.keys.length, 1);
  return jwks.keys[0]!.kid;
}

describe('IDP_STATE_DIR: a restart signs nobody out', () => {
  let stateDir: string;
  let env: Record<string, string>;
  let idp: TestIdp;
  const browser = new Browser();
  let tokens: TokenResponse;
  let kidBefore: string;

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'idp-state-'));
    env = { IDP_STATE_DIR: stateDir };
    idp = await startTestIdp(env);
    const { pending, callback } = await signIn(browser, idp, 'bob');
    tokens = (await (await exchangeCode(idp, callback, pending)).json()) as TokenResponse;
    kidBefore = await signingKid(idp);
    idp = await restart(idp, env);
  });
  after(async () => {
    await idp.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  test('keeps the signing key', async () => {
    assert.equal(await signingKid(idp), kidBefore);
  });

  test('keeps the refresh token, which still rotates', async () => {
    const response = await refresh(idp, tokens.refresh_token);
    assert.equal(response.status, 200);
    tokens = (await response.json()) as TokenResponse;
    assert.equal(decodeJwt(tokens.access_token).payload['sub'], 'bob');
  });

  test('keeps the browser session: prompt=none answers with a code, no login form', async () => {
    const pending = await authorizationRequest(idp, { extraParams: { prompt: 'none' } });
    const { next } = await openAuthorization(browser, idp, pending);
    assert.ok(next, 'the IdP redirects straight back to the app');
    assert.equal(next.searchParams.get('error'), null);
    assert.equal((await exchangeCode(idp, next, pending)).status, 200);
  });

  test('rotates the signing key when signing-key.json is deleted, and the refresh token stays good', async () => {
    await rm(join(stateDir, SIGNING_KEY_FILE));
    idp = await restart(idp, env);
    const kidAfter = await signingKid(idp);
    assert.notEqual(kidAfter, kidBefore);
    const response = await refresh(idp, tokens.refresh_token);
    assert.equal(response.status, 200);
    const rotated = (await response.json()) as TokenResponse;
    assert.equal(decodeJwt(rotated.access_token).header['kid'], kidAfter);
  });
});

describe('without IDP_STATE_DIR, a restart forgets every session', () => {
  test('a refresh token from before the restart is refused with invalid_grant', async () => {
    let idp = await startTestIdp();
    const browser = new Browser();
    const { pending, callback } = await signIn(browser, idp, 'alice');
    const tokens = (await (await exchangeCode(idp, callback, pending)).json()) as TokenResponse;
    idp = await restart(idp, {});
    try {
      const response = await refresh(idp, tokens.refresh_token);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant');
    } finally {
      await idp.close();
    }
  });
});

describe('IDP_REFRESH_TOKENS=off', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({ IDP_REFRESH_TOKENS: 'off' });
  });
  after(() => idp.close());

  test('issues no refresh token, so the app must re-authenticate silently', async () => {
    const browser = new Browser();
    const { pending, callback } = await signIn(browser, idp, 'alice');
    const response = await exchangeCode(idp, callback, pending);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Partial<TokenResponse>;
    assert.equal(typeof body.access_token, 'string');
    assert.equal(body.refresh_token, undefined);
  });
});
