import { setUpSessionTestbed, tearDownSessionTestbed, type SessionTestbed } from '../auth/testing/session-testbed';
import { useAppLocale } from './app-locale';

/** The IdP's own pages follow the app's language: `ui_locales` (OpenID Connect Core §3.1.2.1, RP-Initiated Logout §2). */
describe('ui_locales, sent to the IdP', () => {
  let t: SessionTestbed;

  beforeEach(() => (t = setUpSessionTestbed()));
  afterEach(() => {
    tearDownSessionTestbed(t);
    useAppLocale({ language: 'en', formatting: 'en-GB' });
  });

  it('asks for the app’s language in the authorization request', async () => {
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    useAppLocale({ language: 'fr', formatting: 'fr-FR' });
    await t.signIn.begin('/chat');
    expect(new URL(t.navigation.replace.mock.calls[0]![0] as string).searchParams.get('ui_locales')).toBe('fr');
  });

  it('asks for it when signing out at the IdP too', async () => {
    await t.signInBob();
    useAppLocale({ language: 'fr', formatting: 'fr-FR' });
    await t.session.signOut();
    expect(new URL(t.navigation.assign.mock.calls[0]![0] as string).searchParams.get('ui_locales')).toBe('fr');
  });

  it('says English when the app speaks English', async () => {
    vi.spyOn(crypto.subtle, 'digest').mockResolvedValue(new ArrayBuffer(32));
    await t.signIn.begin(null);
    expect(new URL(t.navigation.replace.mock.calls[0]![0] as string).searchParams.get('ui_locales')).toBe('en');
  });
});
