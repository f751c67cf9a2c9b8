import { BOB, T0, grant, navigatedTo, shared, setUpSessionTestbed, tearDownSessionTestbed, type SessionTestbed } from './testing/session-testbed';

describe('TabSync', () => {
  let t: SessionTestbed;

  beforeEach(() => (t = setUpSessionTestbed()));
  afterEach(() => tearDownSessionTestbed(t));

  it('tells the other tabs about the sign-in (so signed-out ones show it), with no refresh token in the message', async () => {
    await t.signInBob();
    expect(t.channel.posted).toEqual([{ type: 'signed-in', session: { accessToken: 'at-1', receivedAt: T0, expiresAt: T0 + 20_000, idToken: 'the-id-token', user: BOB } }]);
  });

  it('uses the tokens another tab renewed while this one waited, and makes no request of its own', async () => {
    await t.signInBob();
    vi.setSystemTime(T0 + 16_000);
    t.channel.deliver({ type: 'renewed', session: shared('at-from-tab-b', T0 + 15_500) });
    expect(await t.renewal.accessToken()).toBe('at-from-tab-b');
    expect(t.keeper.refresh).not.toHaveBeenCalled();
    expect(t.session.lastRenewal()).toEqual({ at: T0 + 16_000, by: 'another tab' });
  });

  it('ignores another tab’s tokens when they are older than its own, or another user’s', async () => {
    await t.signInBob();
    t.channel.deliver({ type: 'renewed', session: shared('older', T0 - 5_000) });
    t.channel.deliver({ type: 'renewed', session: shared('carols', T0 + 5_000, { sub: 'carol', name: 'Carol', nameSource: 'name', roles: [], rolesClaim: 'empty' }) });
    expect(await t.renewal.accessToken()).toBe('at-1');
  });

  it('shows a sign-in made in another tab, holding no refresh token of its own, and leaves the home page for the landing page', async () => {
    await t.router.navigateByUrl('/');
    const navigateByUrl = vi.spyOn(t.router, 'navigateByUrl');
    t.channel.deliver({ type: 'signed-in', session: shared('at-from-tab-a', T0) });
    expect(t.session.user()).toEqual(BOB);
    expect(t.session.state()).toBe('signed-in');
    expect(t.session.renewalStrategy()).toBe('silent-reauthentication');
    expect(await t.renewal.accessToken()).toBe('at-from-tab-a');
    expect(navigatedTo(navigateByUrl)).toEqual(['/chat']);
  });

  it('another tab’s sign-out clears this tab, revokes its own refresh token, and goes home saying why', async () => {
    await t.signInBob();
    const navigateByUrl = vi.spyOn(t.router, 'navigateByUrl');
    t.channel.deliver({ type: 'signed-out' });
    expect(t.session.isSignedIn()).toBe(false);
    expect(await t.renewal.accessToken()).toBeNull();
    expect(t.session.signedOutElsewhere()).toBe(true);
    expect(t.keeper.revoke).toHaveBeenCalledTimes(1);
    expect(navigatedTo(navigateByUrl)).toEqual(['/']);
  });

  it('tells the other tabs of this tab’s own renewals only, never of one it took from them', async () => {
    await t.signInBob(grant('at-1'));
    t.channel.deliver({ type: 'renewed', session: shared('at-from-tab-b', T0 + 1_000) });
    expect(t.channel.posted.map((message) => message.type)).toEqual(['signed-in']);
  });
});
