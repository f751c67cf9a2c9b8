import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Me, PublicConfig } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import type { MockInstance } from 'vitest';
import { authInterceptor } from './auth-interceptor';
import { AuthServer, type AuthServerContext } from './auth-server';
import { IdpRequestError } from './idp-failure';
import { RenewalLock } from './renewal-lock';
import { Session } from './session';
import { SessionChannel, type SessionMessage, type SharedSession } from './session-channel';
import { saveSignInAttempt } from './sign-in-attempt';
import { SignInError, type SignInProblem } from './sign-in-error';
import { noteSignInCompleted } from './sign-in-loop';
import { TOKEN_KEEPER_PORT, TokenKeeperClient } from './token-keeper-client';
import type { TokenGrant } from './token-keeper-protocol';
import { TokenKeeper, serveTokenKeeper } from './token-keeper';
import { TopLevelNavigation } from './top-level-navigation';

const ISSUER = 'https://idp.example.com';
const context: AuthServerContext = {
  config: {
    issuer: ISSUER,
    clientId: 'web',
    scopes: 'openid',
    audience: 'https://app.example.com/api',
    redirectUri: 'https://app.example.com/auth/callback',
    postLogoutRedirectUri: 'https://app.example.com/',
    authorizationParameters: {},
    rolesClaim: 'roles',
  } satisfies PublicConfig,
  as: {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    end_session_endpoint: `${ISSUER}/session/end`,
    authorization_response_iss_parameter_supported: true,
  },
  client: { client_id: 'web' },
  requestOptions: { signal: () => new AbortController().signal },
};
const BOB: Me = { sub: 'bob', name: 'Bob Dupont', nameSource: 'name', roles: ['chat', 'analytics'], rolesClaim: 'granted' };
const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);

function callback(params: Record<string, string>): URL {
  return new URL(`https://app.example.com/auth/callback?${new URLSearchParams(params).toString()}`);
}

function grant(accessToken: string, overrides: Partial<TokenGrant> = {}): TokenGrant {
  return { accessToken, expiresIn: 20, idToken: 'the-id-token', profile: undefined, holdsRefreshToken: true, ...overrides };
}

@Component({ template: '' })
class Blank {}

/** Lets pending promise callbacks run (without moving the fake clock, as vi.waitFor would). */
async function flush(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

/** The other tabs, as this tab's channel sees them. */
class FakeChannel {
  readonly available = true;
  readonly posted: SessionMessage[] = [];
  private handler: ((message: SessionMessage) => void) | undefined;
  post(message: SessionMessage): void {
    this.posted.push(message);
  }
  listen(handler: (message: SessionMessage) => void): () => void {
    this.handler = handler;
    return () => (this.handler = undefined);
  }
  /** Another tab says something. */
  deliver(message: SessionMessage): void {
    this.handler?.(message);
  }
}

describe('Session.completeSignIn, before any token request', () => {
  let session: Session;
  let fetchSpy: MockInstance<typeof fetch>;

  beforeEach(() => {
    sessionStorage.clear();
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: null, createdAt: Date.now() });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideRouter([]),
        { provide: AuthServer, useValue: { load: () => Promise.resolve(context) } },
        // The real token worker's code, over a real message port, in this thread.
        {
          provide: TOKEN_KEEPER_PORT,
          useValue: () => {
            const channel = new MessageChannel();
            serveTokenKeeper(channel.port2, new TokenKeeper());
            channel.port2.start();
            channel.port1.start();
            return channel.port1;
          },
        },
      ],
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
    await expect(session.completeSignIn(callback({ code: 'c', state: 's1', iss: ISSUER }))).rejects.toBeInstanceOf(IdpRequestError);
    const tokenRequests = fetchSpy.mock.calls.filter(([url, init]) => String(url) === `${ISSUER}/token` && init?.method === 'POST');
    expect(tokenRequests).toHaveLength(1);
    const body = new URLSearchParams((tokenRequests[0]![1] as RequestInit).body as URLSearchParams);
    expect(body.get('code_verifier')).toBe('v1');
    expect(body.get('code')).toBe('c');
    expect(body.get('grant_type')).toBe('authorization_code');
  });
});

describe('Session lifecycle', () => {
  /** What `AuthServer.load` answers: `context`, unless a test sets up another IdP. */
  let serverContext: AuthServerContext;
  let session: Session;
  let backend: HttpTestingController;
  let router: Router;
  let channel: FakeChannel;
  let navigation: { replace: ReturnType<typeof vi.fn>; assign: ReturnType<typeof vi.fn> };
  let keeper: {
    configure: ReturnType<typeof vi.fn>;
    redeem: ReturnType<typeof vi.fn>;
    refresh: ReturnType<typeof vi.fn>;
    revoke: ReturnType<typeof vi.fn>;
  };

  beforeEach(() => {
    serverContext = context;
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(T0);
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    sessionStorage.clear();
    channel = new FakeChannel();
    navigation = { replace: vi.fn(), assign: vi.fn() };
    keeper = {
      configure: vi.fn(async () => null),
      redeem: vi.fn(async () => grant('at-1')),
      refresh: vi.fn(async () => grant('at-2')),
      revoke: vi.fn(async () => null),
    };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        { provide: AuthServer, useValue: { load: () => Promise.resolve(serverContext) } },
        { provide: TokenKeeperClient, useValue: keeper },
        { provide: SessionChannel, useValue: channel },
        { provide: TopLevelNavigation, useValue: navigation },
      ],
    });
    session = TestBed.inject(Session);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Signs bob in through the callback, as the Callback page does; the worker answers with `first`. */
  async function signInBob(first: TokenGrant = grant('at-1'), returnUrl: string | null = '/analytics', me: Me = BOB) {
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl, createdAt: Date.now() });
    keeper.redeem.mockResolvedValueOnce(first);
    const outcome = session.completeSignIn(callback({ code: 'c', state: 's1', iss: ISSUER }));
    await flush();
    const meRequest = backend.expectOne('/api/me');
    expect(meRequest.request.headers.get('Authorization')).toBe(`Bearer ${first.accessToken}`);
    meRequest.flush(me);
    return outcome;
  }

  function shared(accessToken: string, receivedAt: number, user: Me = BOB): SharedSession {
    return { accessToken, receivedAt, expiresAt: receivedAt + 20_000, idToken: 'id-from-another-tab', user };
  }

  function navigatedTo(spy: { mock: { calls: unknown[][] } }): string[] {
    return spy.mock.calls.map(([target]) => String(Array.isArray(target) ? target.join('/') : target));
  }

  it('signs in: hands the redemption to the token worker, keeps the access token in memory, and lands on the page first asked for', async () => {
    expect(await signInBob()).toEqual({ kind: 'signed-in', landing: '/analytics' });
    expect(keeper.redeem).toHaveBeenCalledWith(expect.objectContaining({ codeVerifier: 'v1', expectedNonce: 'n1', expectedState: 's1' }));
    expect(session.state()).toBe('signed-in');
    expect(session.user()).toEqual(BOB);
    expect(await session.accessToken()).toBe('at-1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('at-1');
  });

  it('shows the ID token’s name when the access token gave the API only a user name', async () => {
    const profile = { name: 'Bob Dupont', preferredUsername: 'bob' };
    await signInBob(grant('at-1', { profile }), '/analytics', { ...BOB, name: 'bob', nameSource: 'preferred_username' });
    expect(session.user()).toEqual({ ...BOB, name: 'Bob Dupont', nameSource: 'preferred_username' });
    expect(channel.posted[0]).toMatchObject({ type: 'signed-in', session: { user: { name: 'Bob Dupont' } } });
  });

  it('keeps the access token’s name over the ID token’s', async () => {
    await signInBob(grant('at-1', { profile: { name: 'Robert D.', preferredUsername: 'bob' } }));
    expect(session.user()?.name).toBe('Bob Dupont');
  });

  it('adds the parameters the IdP needs for a token for our API (resource, audience) to the authorization request, without replacing its own', async () => {
    serverContext = { ...context, config: { ...context.config, authorizationParameters: { audience: 'https://app.example.com/api', domain_hint: 'example.com' } } };
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    await session.beginSignIn('/chat');
    const authorize = new URL(navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.searchParams.get('audience')).toBe('https://app.example.com/api');
    expect(authorize.searchParams.get('domain_hint')).toBe('example.com');
    expect(authorize.searchParams.get('client_id')).toBe('web');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('ends the IdP session at the vendor’s logout URL when discovery names no end_session_endpoint (Auth0 /v2/logout)', async () => {
    const { end_session_endpoint: _none, ...withoutEndSession } = context.as;
    serverContext = {
      ...context,
      as: withoutEndSession,
      config: { ...context.config, logoutFallback: { url: `${ISSUER}/v2/logout`, redirectParameter: 'returnTo' } },
    };
    await signInBob();
    await session.signOut();
    const logout = new URL(navigation.assign.mock.calls[0]![0] as string);
    expect(logout.origin + logout.pathname).toBe(`${ISSUER}/v2/logout`);
    expect(logout.searchParams.get('returnTo')).toBe('https://app.example.com/');
    expect(logout.searchParams.get('client_id')).toBe('web');
  });

  it('goes home when the IdP offers no way to end its session', async () => {
    const { end_session_endpoint: _none, ...withoutEndSession } = context.as;
    serverContext = { ...context, as: withoutEndSession };
    await signInBob();
    await session.signOut();
    expect(navigation.assign).toHaveBeenCalledWith('/');
  });

  it('tells the other tabs about the sign-in (so signed-out ones show it), with no refresh token in the message', async () => {
    await signInBob();
    expect(channel.posted).toEqual([{ type: 'signed-in', session: { accessToken: 'at-1', receivedAt: T0, expiresAt: T0 + 20_000, idToken: 'the-id-token', user: BOB } }]);
  });

  it('says which renewal strategy is in effect: the refresh token when the IdP gave one', async () => {
    await signInBob();
    expect(session.renewalStrategy()).toBe('refresh-token');
  });

  it('renews a token that is due before handing it out, and shares the result with the other tabs', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 15_000);
    expect(await session.accessToken()).toBe('at-2');
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
    expect(channel.posted.at(-1)).toMatchObject({ type: 'renewed', session: { accessToken: 'at-2' } });
    expect(session.lastRenewal()).toEqual({ at: T0 + 15_000, by: 'this tab' });
  });

  it('renews on its own timer before expiry, without waiting for an API call', async () => {
    await signInBob();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
    expect(session.expiresAt()).toBe(T0 + 35_000);
  });

  it('gives every caller the same renewal: one refresh for many concurrent calls', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 16_000);
    const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.renewAfterRejection('at-1')]);
    expect(tokens).toEqual(['at-2', 'at-2', 'at-2']);
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('uses the tokens another tab renewed while this one waited, and makes no request of its own', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 16_000);
    channel.deliver({ type: 'renewed', session: shared('at-from-tab-b', T0 + 15_500) });
    expect(await session.accessToken()).toBe('at-from-tab-b');
    expect(keeper.refresh).not.toHaveBeenCalled();
    expect(session.lastRenewal()).toEqual({ at: T0 + 16_000, by: 'another tab' });
  });

  it('after waiting for another tab’s renewal, takes its tokens when they arrive instead of renewing', async () => {
    await signInBob();
    vi.spyOn(TestBed.inject(RenewalLock), 'run').mockImplementation((task) => task(true));
    vi.setSystemTime(T0 + 16_000);
    const token = session.accessToken();
    await flush();
    channel.deliver({ type: 'renewed', session: shared('at-from-tab-b', T0 + 15_900) });
    expect(await token).toBe('at-from-tab-b');
    expect(keeper.refresh).not.toHaveBeenCalled();
  });

  it('after waiting for another tab that sent no tokens (its renewal failed), renews itself', async () => {
    await signInBob();
    vi.spyOn(TestBed.inject(RenewalLock), 'run').mockImplementation((task) => task(true));
    vi.setSystemTime(T0 + 16_000);
    const token = session.accessToken();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await token).toBe('at-2');
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('ignores another tab’s tokens when they are older than its own, or another user’s', async () => {
    await signInBob();
    channel.deliver({ type: 'renewed', session: shared('older', T0 - 5_000) });
    channel.deliver({ type: 'renewed', session: shared('carols', T0 + 5_000, { sub: 'carol', name: 'Carol', nameSource: 'name', roles: [], rolesClaim: 'empty' }) });
    expect(await session.accessToken()).toBe('at-1');
  });

  it('after a 401, renews once and hands out the new token; a token another tab already renewed is used as is', async () => {
    await signInBob();
    expect(await session.renewAfterRejection('at-1')).toBe('at-2');
    channel.deliver({ type: 'renewed', session: shared('at-3', T0 + 1_000) });
    expect(await session.renewAfterRejection('at-2')).toBe('at-3');
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the IdP cannot be reached, says so, retries later and recovers', async () => {
    await signInBob();
    const down = new IdpRequestError({ kind: 'unreachable', idpOrigin: ISSUER }, 'renewal');
    keeper.refresh.mockRejectedValueOnce(down).mockResolvedValueOnce(grant('at-2'));
    vi.setSystemTime(T0 + 15_000);

    expect(await session.accessToken()).toBe('at-1');
    expect(session.state()).toBe('signed-in');
    expect(session.problem()?.title).toBe('The identity provider cannot be reached');
    expect(session.problem()?.detail).toContain(ISSUER);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(keeper.refresh).toHaveBeenCalledTimes(2);
    expect(session.problem()).toBeNull();
    expect(await session.accessToken()).toBe('at-2');
  });

  it('while the IdP is down, does not hammer it: calls between retries get the current token at once', async () => {
    await signInBob();
    keeper.refresh.mockRejectedValue(new IdpRequestError({ kind: 'timeout', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 15_000);
    await session.accessToken();
    expect(await session.accessToken()).toBe('at-1');
    expect(await session.renewAfterRejection('at-1')).toBeNull();
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('retries at once when the browser is back online', async () => {
    await signInBob();
    keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'unreachable', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 15_000);
    await session.accessToken();
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(session.problem()).toBeNull();
    expect(keeper.refresh).toHaveBeenCalledTimes(2);
  });

  it('when the network comes back, renews a token that fell due meanwhile', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 60_000);
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('after sleep, renews a due token as soon as the tab is visible again, before any call', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 60_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('when the IdP refuses the refresh token (invalid_grant), ends the session and signs in again, back to this page', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 60_000);
    await router.navigateByUrl('/chat?room=1');
    const navigate = vi.spyOn(router, 'navigate');
    keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'refused', error: 'invalid_grant', description: undefined }, 'renewal'));
    expect(await session.accessToken()).toBeNull();
    expect(session.state()).toBe('signed-out');
    expect(session.user()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/auth/sign-in'], { queryParams: { returnUrl: '/chat?room=1' }, replaceUrl: true });
  });

  it('a second 401 ends the session cleanly: signs in again with the return URL', async () => {
    await signInBob();
    vi.setSystemTime(T0 + 60_000);
    await router.navigateByUrl('/analytics');
    const navigate = vi.spyOn(router, 'navigate');
    session.endRejectedSession();
    expect(session.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/auth/sign-in'], { queryParams: { returnUrl: '/analytics' }, replaceUrl: true });
  });

  it('breaks a redirect loop: a session that fails moments after its sign-in stops on the error page, not at the IdP', async () => {
    await signInBob();
    const navigate = vi.spyOn(router, 'navigate');
    const navigateByUrl = vi.spyOn(router, 'navigateByUrl');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.setSystemTime(T0 + 3_000);
    session.endRejectedSession();
    expect(navigate).not.toHaveBeenCalled();
    expect(navigatedTo(navigateByUrl)).toEqual(['/auth/error']);
    const problem = (navigateByUrl.mock.calls[0]![1] as { state: { problem: SignInProblem } }).state.problem;
    expect(problem.code).toBe('redirect_loop (session_rejected)');
  });

  it('shows the error page with the fix, without a new sign-in, when renewal fails for a reason a sign-in cannot fix (CORS)', async () => {
    await signInBob();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const navigateByUrl = vi.spyOn(router, 'navigateByUrl');
    keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'cors', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 60_000);
    expect(await session.accessToken()).toBeNull();
    const problem = (navigateByUrl.mock.calls[0]![1] as { state: { problem: SignInProblem } }).state.problem;
    expect(problem.code).toBe('idp_cors_refused');
  });

  it('without a refresh token, renews by a silent top-level re-authentication (prompt=none) that comes back to this page', async () => {
    await signInBob(grant('at-1', { holdsRefreshToken: false }));
    expect(session.renewalStrategy()).toBe('silent-reauthentication');
    await router.navigateByUrl('/analytics?range=7d');
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    // jsdom's ArrayBuffer is not Node WebCrypto's: oauth4webapi's instanceof check would fail across the two.
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    vi.setSystemTime(T0 + 60_000);

    void session.accessToken();
    await vi.waitFor(() => expect(navigation.replace).toHaveBeenCalledTimes(1));
    const authorize = new URL(navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.origin + authorize.pathname).toBe(`${ISSUER}/auth`);
    expect(authorize.searchParams.get('prompt')).toBe('none');
    const attempt = JSON.parse(sessionStorage.getItem(`signin.attempt.${authorize.searchParams.get('state')}`)!);
    expect(attempt).toMatchObject({ returnUrl: '/analytics?range=7d', silent: true });
    expect(keeper.refresh).not.toHaveBeenCalled();
  });

  it('does not leave for an IdP that is down: the silent re-authentication waits, and says why', async () => {
    await signInBob(grant('at-1', { holdsRefreshToken: false }));
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    vi.setSystemTime(T0 + 16_000);
    expect(await session.accessToken()).toBe('at-1');
    expect(navigation.replace).not.toHaveBeenCalled();
    expect(session.problem()?.title).toBe('The identity provider cannot be reached');
  });

  it('waits for a call or the user’s return before a silent re-authentication: its own timer does not leave the page', async () => {
    await signInBob(grant('at-1', { holdsRefreshToken: false }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(navigation.replace).not.toHaveBeenCalled();
  });

  it('a silent re-authentication the IdP answers with login_required signs in the usual way, to the same page', async () => {
    saveSignInAttempt(sessionStorage, { state: 's2', nonce: 'n', codeVerifier: 'v', returnUrl: '/analytics', createdAt: Date.now(), silent: true });
    const outcome = await session.completeSignIn(callback({ error: 'login_required', state: 's2', iss: ISSUER }));
    expect(outcome).toEqual({ kind: 'interaction-required', returnUrl: '/analytics' });
    expect(keeper.redeem).not.toHaveBeenCalled();
  });

  it('shows a sign-in made in another tab, holding no refresh token of its own, and leaves the home page for the landing page', async () => {
    await router.navigateByUrl('/');
    const navigateByUrl = vi.spyOn(router, 'navigateByUrl');
    channel.deliver({ type: 'signed-in', session: shared('at-from-tab-a', T0) });
    expect(session.user()).toEqual(BOB);
    expect(session.state()).toBe('signed-in');
    expect(session.renewalStrategy()).toBe('silent-reauthentication');
    expect(await session.accessToken()).toBe('at-from-tab-a');
    expect(navigatedTo(navigateByUrl)).toEqual(['/chat']);
  });

  it('another tab’s sign-out clears this tab, revokes its own refresh token, and goes home saying why', async () => {
    await signInBob();
    const navigateByUrl = vi.spyOn(router, 'navigateByUrl');
    channel.deliver({ type: 'signed-out' });
    expect(session.isSignedIn()).toBe(false);
    expect(await session.accessToken()).toBeNull();
    expect(session.signedOutElsewhere()).toBe(true);
    expect(keeper.revoke).toHaveBeenCalledTimes(1);
    expect(navigatedTo(navigateByUrl)).toEqual(['/']);
  });

  it('signs out everywhere: tells the other tabs, revokes the refresh token, and ends the IdP session with id_token_hint', async () => {
    await signInBob();
    await session.signOut();
    expect(channel.posted.at(-1)).toEqual({ type: 'signed-out' });
    expect(keeper.revoke).toHaveBeenCalledTimes(1);
    expect(session.isSignedIn()).toBe(false);
    const logout = new URL(navigation.assign.mock.calls[0]![0] as string);
    expect(logout.origin + logout.pathname).toBe(`${ISSUER}/session/end`);
    expect(logout.searchParams.get('id_token_hint')).toBe('the-id-token');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe('https://app.example.com/');
  });

  it('a sign-out elsewhere during a renewal does not bring the session back', async () => {
    await signInBob();
    let finish!: (value: TokenGrant) => void;
    keeper.refresh.mockReturnValueOnce(new Promise((resolve) => (finish = resolve)));
    vi.setSystemTime(T0 + 16_000);
    const pending = session.accessToken();
    await flush();
    expect(keeper.refresh).toHaveBeenCalled();
    channel.deliver({ type: 'signed-out' });
    finish(grant('at-2'));
    await pending;
    expect(session.isSignedIn()).toBe(false);
  });

  it('records the time of a completed sign-in for the loop breaker', async () => {
    noteSignInCompleted(sessionStorage, 0);
    await signInBob();
    expect(sessionStorage.getItem('signin.completedAt')).toBe(String(T0));
  });
});
