import { CONTEXT, ISSUER, T0, flush, navigatedTo, setUpSessionTestbed, tearDownSessionTestbed, type SessionTestbed } from './testing/session-testbed';
import type { SignInProblem } from './sign-in-problem';
import { USER_DATA_PREFIX } from './user-data';

describe('SessionEnd', () => {
  let t: SessionTestbed;

  beforeEach(async () => {
    t = setUpSessionTestbed();
    // The app preloads the words of failures after its first page (sign-in-problem-words.ts).
    await import('./describe-sign-in-error');
  });
  afterEach(() => tearDownSessionTestbed(t));

  it('signs out everywhere: tells the other tabs, revokes the refresh token, and ends the IdP session with id_token_hint', async () => {
    await t.signInBob();
    await t.session.signOut();
    expect(t.channel.posted.at(-1)).toEqual({ type: 'signed-out' });
    expect(t.keeper.revoke).toHaveBeenCalledTimes(1);
    expect(t.session.isSignedIn()).toBe(false);
    const logout = new URL(t.navigation.assign.mock.calls[0]![0] as string);
    expect(logout.origin + logout.pathname).toBe(`${ISSUER}/session/end`);
    expect(logout.searchParams.get('id_token_hint')).toBe('the-id-token');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe('https://app.example.com/');
  });

  it('forgets the user’s data in this tab (unsent chat messages) at sign-out, and when another tab signs out, but keeps it when the session fails', async () => {
    const keep = () => sessionStorage.setItem(`${USER_DATA_PREFIX}outbox.bob`, '[]');
    const kept = () => sessionStorage.getItem(`${USER_DATA_PREFIX}outbox.bob`);
    await t.signInBob();
    keep();
    t.channel.deliver({ type: 'signed-out' });
    expect(kept()).toBeNull();

    await t.signInBob();
    keep();
    t.sessionEnd.endAfterFailure(new Error('refused'), { signInAgain: true });
    expect(kept()).toBe('[]');

    await t.signInBob();
    await t.session.signOut();
    expect(kept()).toBeNull();
  });

  it('deletes this browser\'s DPoP key at sign-out, after revoking, so the next sign-in binds its tokens to a new key', async () => {
    await t.signInBob();
    const before = await t.keyStore.open();
    await t.session.signOut();
    expect(t.keyStore.forgotten).toBe(1);
    expect(await t.keyStore.open()).not.toBe(before);
  });

  it('ends the IdP session at the vendor’s logout URL when discovery names no end_session_endpoint (Auth0 /v2/logout)', async () => {
    const { end_session_endpoint: _none, ...withoutEndSession } = CONTEXT.as;
    t.server.context = {
      ...CONTEXT,
      as: withoutEndSession,
      config: { ...CONTEXT.config, logoutFallback: { url: `${ISSUER}/v2/logout`, redirectParameter: 'returnTo' } },
    };
    await t.signInBob();
    await t.session.signOut();
    const logout = new URL(t.navigation.assign.mock.calls[0]![0] as string);
    expect(logout.origin + logout.pathname).toBe(`${ISSUER}/v2/logout`);
    expect(logout.searchParams.get('returnTo')).toBe('https://app.example.com/');
    expect(logout.searchParams.get('client_id')).toBe('web');
  });

  it('goes home when the IdP offers no way to end its session', async () => {
    const { end_session_endpoint: _none, ...withoutEndSession } = CONTEXT.as;
    t.server.context = { ...CONTEXT, as: withoutEndSession };
    await t.signInBob();
    await t.session.signOut();
    expect(t.navigation.assign).toHaveBeenCalledWith('/');
  });

  it('a second 401 ends the session cleanly: signs in again with the return URL', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 60_000);
    await t.router.navigateByUrl('/analytics');
    const navigate = vi.spyOn(t.router, 'navigate');
    t.sessionEnd.endRejectedSession();
    expect(t.session.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/auth/sign-in'], { queryParams: { returnUrl: '/analytics' }, replaceUrl: true });
  });

  it('revokes the refresh token when the session ends on an error (the API refused a renewed token), as sign-out does', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 60_000);
    expect(t.keeper.revoke).not.toHaveBeenCalled();
    t.sessionEnd.endRejectedSession();
    expect(t.keeper.revoke).toHaveBeenCalledTimes(1);
  });

  it('revokes the refresh token when the session ends on an error a new sign-in cannot fix', async () => {
    await t.signInBob();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    t.sessionEnd.endAfterFailure(new Error('renewal failed'), { signInAgain: false });
    expect(t.keeper.revoke).toHaveBeenCalledTimes(1);
    expect(t.session.isSignedIn()).toBe(false);
  });

  it('breaks a redirect loop: a session that fails moments after its sign-in stops on the error page, not at the IdP', async () => {
    await t.signInBob();
    const navigate = vi.spyOn(t.router, 'navigate');
    const navigateByUrl = vi.spyOn(t.router, 'navigateByUrl');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.setSystemTime(T0 + 3_000);
    t.sessionEnd.endRejectedSession();
    await flush();
    expect(navigate).not.toHaveBeenCalled();
    expect(navigatedTo(navigateByUrl)).toEqual(['/auth/error']);
    const problem = (navigateByUrl.mock.calls[0]![1] as { state: { problem: SignInProblem } }).state.problem;
    expect(problem.code).toBe('redirect_loop (session_rejected)');
  });

  it('leaves a sign-in under way to handle its own failure', async () => {
    t.store.signingIn();
    const navigate = vi.spyOn(t.router, 'navigate');
    t.sessionEnd.endRejectedSession();
    expect(t.session.state()).toBe('signing-in');
    expect(navigate).not.toHaveBeenCalled();
  });
});
