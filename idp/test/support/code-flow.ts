/**
 * The SPA's side of Authorization Code + PKCE (RFC 6749 §4.1, RFC 7636), done by hand with fetch so
 * each step of the dev IdP can be asserted.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { AppPath } from '@app/contracts';
import { Browser } from './browser.ts';
import type { TestIdp } from './start-idp.ts';

export const SPA_SCOPES = 'openid profile offline_access';

export interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly end_session_endpoint: string;
  readonly revocation_endpoint: string;
  readonly code_challenge_methods_supported: string[];
}

export interface TokenResponse {
  readonly access_token: string;
  readonly scope?: string;
  readonly id_token: string;
  readonly refresh_token: string;
  readonly token_type: string;
  readonly expires_in: number;
}

export interface PendingAuthorization {
  readonly url: URL;
  readonly codeVerifier: string;
  readonly state: string;
}

/** OpenID Connect Discovery 1.0 §4.1: the issuer without its trailing slash, then the well-known path. */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
}

export async function discover(idp: TestIdp): Promise<Discovery> {
  const response = await fetch(discoveryUrl(idp.issuer));
  assert.equal(response.status, 200);
  return (await response.json()) as Discovery;
}

export function redirectUriOf(idp: TestIdp): string {
  return `${idp.config.appOrigin}${AppPath.AuthCallback}`;
}

export interface RequestOptions {
  /** false leaves the code challenge out. */
  readonly pkce?: boolean;
  readonly scope?: string;
  /** More authorization request parameters, such as `prompt`. */
  readonly extraParams?: Record<string, string>;
}

/** An authorization request URL as the SPA builds it. */
export async function authorizationRequest(
  idp: TestIdp,
  { pkce = true, scope = SPA_SCOPES, extraParams = {} }: RequestOptions = {},
): Promise<PendingAuthorization> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL((await discover(idp)).authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: idp.config.clientId,
    response_type: 'code',
    redirect_uri: redirectUriOf(idp),
    scope,
    state,
    nonce: randomBytes(16).toString('base64url'),
    ...extraParams,
  }).toString();
  if (pkce) {
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return { url, codeVerifier, state };
}

/** Opens the authorization URL and follows redirects to the page the IdP shows (or to the app). */
export async function openAuthorization(browser: Browser, idp: TestIdp, pending: PendingAuthorization) {
  return browser.follow(await browser.get(pending.url), idp.config.appOrigin);
}

/** The sign-in form's action, read from the page. */
export function loginFormAction(html: string, issuer: string): URL {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  assert.ok(action, 'the page has a sign-in form');
  return new URL(action, issuer);
}

/** Signs in through the form (password = user name) and returns the callback URL the IdP sends the browser to. */
export async function signIn(browser: Browser, idp: TestIdp, username: string, options: RequestOptions = {}) {
  const pending = await authorizationRequest(idp, options);
  const loginPage = await openAuthorization(browser, idp, pending);
  const action = loginFormAction(await loginPage.response.text(), idp.issuer);
  const posted = await browser.post(action, { username, password: username, action: 'sign-in' });
  const { next: callback } = await browser.follow(posted, idp.config.appOrigin);
  assert.ok(callback, 'the IdP redirects back to the app');
  assert.equal(callback.searchParams.get('state'), pending.state);
  return { pending, callback };
}

export async function tokenRequest(idp: TestIdp, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch((await discover(idp)).token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ client_id: idp.config.clientId, ...form }).toString(),
  });
}

export async function exchangeCode(idp: TestIdp, callback: URL, pending: PendingAuthorization, headers: Record<string, string> = {}) {
  const code = callback.searchParams.get('code');
  assert.ok(code, 'the callback carries a code');
  return tokenRequest(
    idp,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUriOf(idp), code_verifier: pending.codeVerifier },
    headers,
  );
}

/** The whole sign-in, ending with the tokens the SPA would hold. */
export async function signInForTokens(
  idp: TestIdp,
  username: string,
  { browser = new Browser(), ...options }: RequestOptions & { browser?: Browser } = {},
): Promise<TokenResponse> {
  const { pending, callback } = await signIn(browser, idp, username, options);
  const response = await exchangeCode(idp, callback, pending);
  assert.equal(response.status, 200);
  return (await response.json()) as TokenResponse;
}

export async function refresh(idp: TestIdp, refreshToken: string) {
  return tokenRequest(idp, { grant_type: 'refresh_token', refresh_token: refreshToken });
}
