import { TestBed } from '@angular/core/testing';
import type { TokenGrant } from './token-keeper-protocol';
import { IdpRequestError } from './idp-failure';
import { RenewalLock } from './renewal-lock';
import type { SignInProblem } from './sign-in-problem';
import { ISSUER, T0, flush, grant, shared, setUpSessionTestbed, tearDownSessionTestbed, type SessionTestbed } from './testing/session-testbed';

describe('TokenRenewal', () => {
  let t: SessionTestbed;

  beforeEach(async () => {
    t = setUpSessionTestbed();
    // The app preloads the words of failures after its first page (sign-in-problem-words.ts).
    await import('./describe-sign-in-error');
  });
  afterEach(() => tearDownSessionTestbed(t));

  it('renews a token that is due before handing it out, and shares the result with the other tabs', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 15_000);
    expect(await t.renewal.accessToken()).toBe('at-2');
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
    expect(t.channel.posted.at(-1)).toMatchObject({ type: 'renewed', session: { accessToken: 'at-2' } });
    expect(t.session.lastRenewal()).toEqual({ at: T0 + 15_000, by: 'this tab' });
  });

  it('renews on its own timer before expiry, without waiting for an API call', async () => {
    await t.signInBob();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
    expect(t.session.expiresAt()).toBe(T0 + 35_000);
  });

  it('gives every caller the same renewal: one refresh for many concurrent calls', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 16_000);
    const tokens = await Promise.all([t.renewal.accessToken(), t.renewal.accessToken(), t.renewal.renewAfterRejection('at-1')]);
    expect(tokens).toEqual(['at-2', 'at-2', 'at-2']);
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('after waiting for another tab’s renewal, takes its tokens when they arrive instead of renewing', async () => {
    await t.signInBob();
    vi.spyOn(TestBed.inject(RenewalLock), 'run').mockImplementation((task) => task(true));
    vi.setSystemTime(T0 + 16_000);
    const token = t.renewal.accessToken();
    await flush();
    t.channel.deliver({ type: 'renewed', session: shared('at-from-tab-b', T0 + 15_900) });
    expect(await token).toBe('at-from-tab-b');
    expect(t.keeper.refresh).not.toHaveBeenCalled();
  });

  it('after waiting for another tab that sent no tokens (its renewal failed), renews itself', async () => {
    await t.signInBob();
    vi.spyOn(TestBed.inject(RenewalLock), 'run').mockImplementation((task) => task(true));
    vi.setSystemTime(T0 + 16_000);
    const token = t.renewal.accessToken();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await token).toBe('at-2');
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('after a 401, renews once and hands out the new token; a token another tab already renewed is used as is', async () => {
    await t.signInBob();
    expect(await t.renewal.renewAfterRejection('at-1')).toBe('at-2');
    t.channel.deliver({ type: 'renewed', session: shared('at-3', T0 + 1_000) });
    expect(await t.renewal.renewAfterRejection('at-2')).toBe('at-3');
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the IdP cannot be reached, says so, retries later and recovers', async () => {
    await t.signInBob();
    const down = new IdpRequestError({ kind: 'unreachable', idpOrigin: ISSUER }, 'renewal');
    t.keeper.refresh.mockRejectedValueOnce(down).mockResolvedValueOnce(grant('at-2'));
    vi.setSystemTime(T0 + 15_000);

    expect(await t.renewal.accessToken()).toBe('at-1');
    expect(t.session.state()).toBe('signed-in');
    await flush();
    expect(t.session.problem()?.title).toBe('The identity provider cannot be reached');
    expect(t.session.problem()?.detail).toContain(ISSUER);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.keeper.refresh).toHaveBeenCalledTimes(2);
    expect(t.session.problem()).toBeNull();
    expect(await t.renewal.accessToken()).toBe('at-2');
  });

  it('while the IdP is down, does not hammer it: calls between retries get the current token at once', async () => {
    await t.signInBob();
    t.keeper.refresh.mockRejectedValue(new IdpRequestError({ kind: 'timeout', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 15_000);
    await t.renewal.accessToken();
    expect(await t.renewal.accessToken()).toBe('at-1');
    expect(await t.renewal.renewAfterRejection('at-1')).toBeNull();
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('retries at once when the browser is back online', async () => {
    await t.signInBob();
    t.keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'unreachable', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 15_000);
    await t.renewal.accessToken();
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(t.session.problem()).toBeNull();
    expect(t.keeper.refresh).toHaveBeenCalledTimes(2);
  });

  it('when the network comes back, renews a token that fell due meanwhile', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 60_000);
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('after sleep, renews a due token as soon as the tab is visible again, before any call', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 60_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
  });

  it('when the IdP refuses the refresh token (invalid_grant), ends the session and signs in again, back to this page', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 60_000);
    await t.router.navigateByUrl('/chat?room=1');
    const navigate = vi.spyOn(t.router, 'navigate');
    t.keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'refused', error: 'invalid_grant', description: undefined }, 'renewal'));
    expect(await t.renewal.accessToken()).toBeNull();
    expect(t.session.state()).toBe('signed-out');
    expect(t.session.user()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/auth/sign-in'], { queryParams: { returnUrl: '/chat?room=1' }, replaceUrl: true });
  });

  it('shows the error page with the fix, without a new sign-in, when renewal fails for a reason a sign-in cannot fix (CORS)', async () => {
    await t.signInBob();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const navigateByUrl = vi.spyOn(t.router, 'navigateByUrl');
    t.keeper.refresh.mockRejectedValueOnce(new IdpRequestError({ kind: 'cors', idpOrigin: ISSUER }, 'renewal'));
    vi.setSystemTime(T0 + 60_000);
    expect(await t.renewal.accessToken()).toBeNull();
    await flush();
    const problem = (navigateByUrl.mock.calls[0]![1] as { state: { problem: SignInProblem } }).state.problem;
    expect(problem.code).toBe('idp_cors_refused');
  });

  it('without a refresh token, renews by a silent top-level re-authentication (prompt=none) that comes back to this page', async () => {
    await t.signInBob(grant('at-1', { holdsRefreshToken: false }));
    expect(t.session.renewalStrategy()).toBe('silent-reauthentication');
    await t.router.navigateByUrl('/analytics?range=7d');
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    // jsdom's ArrayBuffer is not Node WebCrypto's: oauth4webapi's instanceof check would fail across the two.
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    vi.setSystemTime(T0 + 60_000);

    void t.renewal.accessToken();
    await vi.waitFor(() => expect(t.navigation.replace).toHaveBeenCalledTimes(1));
    const authorize = new URL(t.navigation.replace.mock.calls[0]![0] as string);
    expect(authorize.origin + authorize.pathname).toBe(`${ISSUER}/auth`);
    expect(authorize.searchParams.get('prompt')).toBe('none');
    const attempt = JSON.parse(sessionStorage.getItem(`signin.attempt.${authorize.searchParams.get('state')}`)!);
    expect(attempt).toMatchObject({ returnUrl: '/analytics?range=7d', silent: true });
    expect(t.keeper.refresh).not.toHaveBeenCalled();
  });

  it('does not leave for an IdP that is down: the silent re-authentication waits, and says why', async () => {
    await t.signInBob(grant('at-1', { holdsRefreshToken: false }));
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    vi.setSystemTime(T0 + 16_000);
    expect(await t.renewal.accessToken()).toBe('at-1');
    expect(t.navigation.replace).not.toHaveBeenCalled();
    await flush();
    expect(t.session.problem()?.title).toBe('The identity provider cannot be reached');
  });

  it('waits for a call or the user’s return before a silent re-authentication: its own timer does not leave the page', async () => {
    await t.signInBob(grant('at-1', { holdsRefreshToken: false }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.navigation.replace).not.toHaveBeenCalled();
  });

  it('a sign-out elsewhere during a renewal does not bring the session back', async () => {
    await t.signInBob();
    let finish!: (value: TokenGrant) => void;
    t.keeper.refresh.mockReturnValueOnce(new Promise((resolve) => (finish = resolve)));
    vi.setSystemTime(T0 + 16_000);
    const pending = t.renewal.accessToken();
    await flush();
    expect(t.keeper.refresh).toHaveBeenCalled();
    t.channel.deliver({ type: 'signed-out' });
    finish(grant('at-2'));
    await pending;
    expect(t.session.isSignedIn()).toBe(false);
  });
});
