/**
 * Real tokens from the real dev IdP: the SPA's Authorization Code + PKCE flow (RFC 6749 §4.1,
 * RFC 7636) done over HTTP, signing in through the IdP's own form (password = user name).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

export interface IssuedTokens {
  readonly access_token: string;
  readonly id_token: string;
}

export interface SignInOptions {
  readonly issuer: string;
  readonly appOrigin: string;
  readonly clientId?: string;
  readonly scope?: string;
  readonly username: string;
}

/** A cookie jar for one sign-in, and redirects taken by hand so the flow can stop at the app. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  async send(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie === '' ? {} : { cookie }) } });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    return response;
  }

  /** Follows redirects within the IdP; returns the last page, or the URL at the app it sends the browser to. */
  async follow(response: Response, appOrigin: string): Promise<{ page: Response; callback?: URL }> {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || location === null) return { page: current };
      const next = new URL(location, current.url);
      if (next.origin === appOrigin) return { page: current, callback: next };
      await current.arrayBuffer();
      current = await this.send(next);
    }
    throw new Error('too many redirects');
  }
}

export async function signInForTokens({ issuer, appOrigin, clientId = 'web', scope = 'openid profile', username }: SignInOptions): Promise<IssuedTokens> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = `${appOrigin}/auth/callback`;
  const authorization = new URL(discovery.authorization_endpoint);
  authorization.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const jar = new CookieJar();
  const { page } = await jar.follow(await jar.send(authorization), appOrigin);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(action, 'the IdP shows its sign-in form');
  const posted = await jar.send(new URL(action.replaceAll('&amp;', '&'), issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: username, action: 'sign-in' }).toString(),
  });
  const { callback } = await jar.follow(posted, appOrigin);
  const code = callback?.searchParams.get('code');
  assert.ok(code, 'the IdP redirects back to the app with a code');

  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString(),
  });
  assert.equal(response.status, 200, 'the IdP issues tokens for the code');
  return (await response.json()) as IssuedTokens;
}
