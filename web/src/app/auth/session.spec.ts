import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import type { PublicConfig } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import { AuthServer, type AuthServerContext } from './auth-server';
import { Session } from './session';
import { saveSignInAttempt } from './sign-in-attempt';
import { SignInError } from './sign-in-error';

const ISSUER = 'https://idp.example.com';
const context: AuthServerContext = {
  config: {
    issuer: ISSUER,
    clientId: 'web',
    scopes: 'openid',
    audience: 'https://app.example.com/api',
    redirectUri: 'https://app.example.com/auth/callback',
    postLogoutRedirectUri: 'https://app.example.com/',
  } satisfies PublicConfig,
  as: {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    authorization_response_iss_parameter_supported: true,
  },
  client: { client_id: 'web' },
  requestOptions: { signal: () => new AbortController().signal },
};

function callback(params: Record<string, string>): URL {
  return new URL(`https://app.example.com/auth/callback?${new URLSearchParams(params).toString()}`);
}

describe('Session.completeSignIn, before any token request', () => {
  let session: Session;
  let fetchSpy: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    sessionStorage.clear();
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: null, createdAt: Date.now() });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), { provide: AuthServer, useValue: { load: () => Promise.resolve(context) } }],
    });
    session = TestBed.inject(Session);
    fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no request may be sent'));
  });

  afterEach(() => fetchSpy.mockRestore());

  it('refuses a response from another issuer (mix-up attack, RFC 9207)', async () => {
    const result = session.completeSignIn(callback({ code: 'c', state: 's1', iss: 'https://evil.example' }));
    await expect(result).rejects.toBeInstanceOf(oauth.OperationProcessingError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a response without iss from an IdP that promises to send it (mix-up attack, RFC 9207)', async () => {
    await expect(session.completeSignIn(callback({ code: 'c', state: 's1' }))).rejects.toBeInstanceOf(oauth.OperationProcessingError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reports an IdP error response instead of redeeming anything', async () => {
    const result = session.completeSignIn(callback({ error: 'access_denied', state: 's1', iss: ISSUER }));
    await expect(result).rejects.toBeInstanceOf(oauth.AuthorizationResponseError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a response to a sign-in this tab did not start (CSRF, RFC 9700 §4.7)', async () => {
    const result = session.completeSignIn(callback({ code: 'c', state: 'forged', iss: ISSUER }));
    await expect(result).rejects.toBeInstanceOf(SignInError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('redeems the code at the token endpoint with the attempt’s PKCE verifier', async () => {
    await expect(session.completeSignIn(callback({ code: 'c', state: 's1', iss: ISSUER }))).rejects.toThrow();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`${ISSUER}/token`);
    const body = new URLSearchParams(init.body as URLSearchParams);
    expect(body.get('code_verifier')).toBe('v1');
    expect(body.get('code')).toBe('c');
    expect(body.get('grant_type')).toBe('authorization_code');
  });
});
