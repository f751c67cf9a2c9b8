import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import * as oauth from 'oauth4webapi';
import type { MockInstance } from 'vitest';
import { AuthServer } from './auth-server';
import { IdpRequestError } from './idp-failure';
import { saveSignInAttempt } from './sign-in-attempt';
import { SignInError } from './sign-in-error';
import { SignInFlow } from './sign-in-flow';
import { noteSignInCompleted } from './sign-in-loop';
import { TOKEN_KEEPER_PORT } from './token-keeper-client';
import { TokenKeeper, serveTokenKeeper } from './token-keeper';
import { TokenRenewal } from './token-renewal';
import { TopLevelNavigation } from './top-level-navigation';
import {
  BOB,
  CONTEXT,
  DPOP_CONTEXT,
  ISSUER,
  T0,
  callback,
  flush,
  grant,
  setUpSessionTestbed,
  tearDownSessionTestbed,
  type SessionTestbed,
} from './testing/session-testbed';

describe('SignInFlow.complete, before any token request', () => {
  let signIn: SignInFlow;
  let fetchSpy: MockInstance<typeof fetch>;
  let navigation: { replace: ReturnType<typeof vi.fn>; assign: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    sessionStorage.clear();
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: null, createdAt: Date.now() });
    navigation = { replace: vi.fn(), assign: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideRouter([]),
        { provide: AuthServer, useValue: { load: () => Promise.resolve(CONTEXT) } },
        { provide: TopLevelNavigation, useValue: navigation },
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
    signIn = TestBed.inject(SignInFlow);
    fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no request may be sent'));
  });

  afterEach(() => vi.restoreAllMocks());

  it('refuses a response from another issuer (mix-up attack, RFC 9207)', async () => {
    const result = signIn.complete(callback({ code: 'c', state: 's1', iss: 'https://evil.example' }));
    await expect(result).rejects.toMatchObject({ failure: { kind: 'invalid_response', code: oauth.INVALID_RESPONSE, message: expect.stringContaining('"iss"') } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a response without iss from an IdP that promises to send it (mix-up attack, RFC 9207)', async () => {
    const result = signIn.complete(callback({ code: 'c', state: 's1' }));
    await expect(result).rejects.toMatchObject({ failure: { kind: 'invalid_response', code: oauth.INVALID_RESPONSE, message: expect.stringContaining('"iss"') } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reports an IdP error response instead of redeeming anything', async () => {
    const result = signIn.complete(callback({ error: 'access_denied', state: 's1', iss: ISSUER }));
    await expect(result).rejects.toMatchObject({ step: 'sign-in', failure: { kind: 'authorization_error', error: 'access_denied' } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a response to a sign-in this tab did not start (CSRF, RFC 9700 §4.7)', async () => {
    const result = signIn.complete(callback({ code: 'c', state: 'forged', iss: ISSUER }));
    await expect(result).rejects.toBeInstanceOf(SignInError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('redeems the code at the token endpoint with the attempt’s PKCE verifier', async () => {
    await expect(signIn.complete(callback({ code: 'c', state: 's1', iss: ISSUER }))).rejects.toBeInstanceOf(IdpRequestError);
    const tokenRequests = fetchSpy.mock.calls.filter(([url, init]) => String(url) === `${ISSUER}/token` && init?.method === 'POST');
    expect(tokenRequests).toHaveLength(1);
    const body = new URLSearchParams((tokenRequests[0]![1] as RequestInit).body as URLSearchParams);
    expect(body.get('code_verifier')).toBe('v1');
    expect(body.get('code')).toBe('c');
    expect(body.get('grant_type')).toBe('authorization_code');
  });

  it('a silent re-authentication the IdP answers with login_required signs in the usual way, to the same page', async () => {
    saveSignInAttempt(sessionStorage, { state: 's2', nonce: 'n', codeVerifier: 'v', returnUrl: '/analytics', createdAt: Date.now(), silent: true });
    // jsdom's ArrayBuffer is not Node WebCrypto's: oauth4webapi's instanceof check would fail across the two.
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    const outcome = await signIn.complete(callback({ error: 'login_required', state: 's2', iss: ISSUER }));
    expect(outcome).toEqual({ kind: 'left-for-the-idp' });
    expect(fetchSpy).not.toHaveBeenCalled();
    const authorize = new URL(navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.origin + authorize.pathname).toBe(`${ISSUER}/auth`);
    expect(authorize.searchParams.get('prompt')).toBeNull();
    const attempt = JSON.parse(sessionStorage.getItem(`signin.attempt.${authorize.searchParams.get('state')}`)!);
    expect(attempt).toMatchObject({ returnUrl: '/analytics', silent: false });
  });
});

describe('SignInFlow', () => {
  let t: SessionTestbed;

  beforeEach(() => (t = setUpSessionTestbed()));
  afterEach(() => tearDownSessionTestbed(t));

  it('signs in: hands the redemption to the token worker, keeps the access token in memory, and lands on the page first asked for', async () => {
    expect(await t.signInBob()).toEqual({ kind: 'signed-in', landing: '/analytics' });
    expect(t.keeper.redeem).toHaveBeenCalledWith(expect.objectContaining({ codeVerifier: 'v1', expectedNonce: 'n1', expectedState: 's1' }));
    expect(t.session.state()).toBe('signed-in');
    expect(t.session.user()).toEqual(BOB);
    expect(await t.renewal.accessToken()).toBe('at-1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('at-1');
  });

  it('gives the token worker the whole sign-in in one message: the IdP, the callback to check, the code’s verifier', async () => {
    await t.signInBob();
    expect(t.keeper.redeem).toHaveBeenCalledTimes(1);
    expect(t.keeper.redeem).toHaveBeenCalledWith({
      idp: { as: CONTEXT.as, clientId: 'web' },
      callbackUrl: callback({ code: 'c', state: 's1', iss: ISSUER }).href,
      expectedState: 's1',
      codeVerifier: 'v1',
      expectedNonce: 'n1',
      redirectUri: CONTEXT.config.redirectUri,
      dpopKeyPair: undefined,
    });
    expect(t.keeper.refresh).not.toHaveBeenCalled();
  });

  it('loads the profile with the token just issued, without going through the renewal', async () => {
    const accessToken = vi.spyOn(TestBed.inject(TokenRenewal), 'accessToken');
    await t.signInBob();
    expect(accessToken).not.toHaveBeenCalled();
  });

  it('ends the attempt when the API refuses the new token, and is not signed in', async () => {
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: null, createdAt: Date.now() });
    const outcome = t.signIn.complete(callback({ code: 'c', state: 's1', iss: ISSUER }));
    await flush();
    t.backend.expectOne('/api/me').flush({ error: 'invalid_token', reason: 'audience' }, { status: 401, statusText: 'Unauthorized' });
    await expect(outcome).rejects.toMatchObject({ code: 'profile_unavailable' });
    expect(t.session.state()).toBe('signed-out');
    expect(t.keeper.refresh).not.toHaveBeenCalled();
  });

  it('revokes the refresh token the worker got when the sign-in fails after the code was redeemed (no live grant left behind)', async () => {
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: null, createdAt: Date.now() });
    const outcome = t.signIn.complete(callback({ code: 'c', state: 's1', iss: ISSUER }));
    await flush();
    expect(t.keeper.redeem).toHaveBeenCalledTimes(1);
    expect(t.keeper.revoke).not.toHaveBeenCalled();
    t.backend.expectOne('/api/me').flush({ error: 'invalid_token', reason: 'audience' }, { status: 401, statusText: 'Unauthorized' });
    await expect(outcome).rejects.toMatchObject({ code: 'profile_unavailable' });
    expect(t.keeper.revoke).toHaveBeenCalledTimes(1);
  });

  it('shows the ID token’s name when the access token gave the API only a user name', async () => {
    const profile = { name: 'Bob Dupont', preferredUsername: 'bob' };
    await t.signInBob(grant('at-1', { profile }), '/analytics', { ...BOB, name: 'bob', nameSource: 'preferred_username' });
    expect(t.session.user()).toEqual({ ...BOB, name: 'Bob Dupont', nameSource: 'preferred_username' });
    expect(t.channel.posted[0]).toMatchObject({ type: 'signed-in', session: { user: { name: 'Bob Dupont' } } });
  });

  it('keeps the access token’s name over the ID token’s', async () => {
    await t.signInBob(grant('at-1', { profile: { name: 'Robert D.', preferredUsername: 'bob' } }));
    expect(t.session.user()?.name).toBe('Bob Dupont');
  });

  it('adds the parameters the IdP needs for a token for our API (resource, audience) to the authorization request, without replacing its own', async () => {
    t.server.context = { ...CONTEXT, config: { ...CONTEXT.config, authorizationParameters: { audience: 'https://app.example.com/api', domain_hint: 'example.com' } } };
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    await t.signIn.begin('/chat');
    const authorize = new URL(t.navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.searchParams.get('audience')).toBe('https://app.example.com/api');
    expect(authorize.searchParams.get('domain_hint')).toBe('example.com');
    expect(authorize.searchParams.get('client_id')).toBe('web');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('binds the authorization code to this browser\'s DPoP key (dpop_jkt) when the IdP advertises DPoP (RFC 9449 §10)', async () => {
    t.server.context = DPOP_CONTEXT;
    await t.signIn.begin('/chat');
    const authorize = new URL(t.navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.searchParams.get('dpop_jkt')).toBe(await oauth.DPoP({}, await t.keyStore.open()).calculateThumbprint());
  });

  it('asks for no binding from an IdP that does not advertise DPoP: no dpop_jkt, and no key for the worker', async () => {
    await t.signIn.begin('/chat');
    expect(new URL(t.navigation.replace.mock.calls[0]![0] as string).searchParams.has('dpop_jkt')).toBe(false);
    await t.signInBob();
    expect(t.keeper.redeem).toHaveBeenCalledWith(expect.objectContaining({ dpopKeyPair: undefined }));
  });

  it('asks for no binding when the API has DPoP off (OIDC_DPOP=off), whatever the IdP advertises', async () => {
    t.server.context = { ...DPOP_CONTEXT, config: { ...DPOP_CONTEXT.config, dpop: 'off' } };
    await t.signIn.begin('/chat');
    expect(new URL(t.navigation.replace.mock.calls[0]![0] as string).searchParams.has('dpop_jkt')).toBe(false);
  });

  it('gives the worker this browser\'s key, and loads the profile with a proof of it when the IdP bound the tokens', async () => {
    t.server.context = DPOP_CONTEXT;
    const keyPair = await t.keyStore.open();
    const jkt = await oauth.DPoP({}, keyPair).calculateThumbprint();
    saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: '/chat', createdAt: Date.now() });
    t.keeper.redeem.mockResolvedValueOnce(grant('at-1', { dpopJkt: jkt }));
    const outcome = t.signIn.complete(callback({ code: 'c', state: 's1', iss: ISSUER }));
    const profile = await vi.waitFor(() => t.backend.expectOne('/api/me'));
    expect(profile.request.headers.get('Authorization')).toBe('DPoP at-1');
    expect(profile.request.headers.get('DPoP')).toMatch(/^ey[\w-]+\.ey[\w-]+\.[\w-]+$/);
    profile.flush(BOB);
    await expect(outcome).resolves.toMatchObject({ kind: 'signed-in' });
    expect(t.keeper.redeem).toHaveBeenCalledWith(expect.objectContaining({ dpopKeyPair: keyPair }));
    expect(t.store.tokens()?.dpopJkt).toBe(jkt);
    expect(t.session.dpopJkt()).toBe(jkt);
  });

  it('says which renewal strategy is in effect: the refresh token when the IdP gave one', async () => {
    await t.signInBob();
    expect(t.session.renewalStrategy()).toBe('refresh-token');
  });

  it('records the time of a completed sign-in for the loop breaker', async () => {
    noteSignInCompleted(sessionStorage, 0);
    await t.signInBob();
    expect(sessionStorage.getItem('signin.completedAt')).toBe(String(T0));
  });
});
