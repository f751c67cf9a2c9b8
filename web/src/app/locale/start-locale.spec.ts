import { clearTranslations } from '@angular/localize';
import { describeErrorCode } from '../network/api-error-text';
import { appLocale, useAppLocale } from './app-locale';
import { LANGUAGE_PREFERENCE_KEY } from './language-preference';
import { startLocale } from './start-locale';

/** A window with the browser's languages and stored preference a test gives it, and the test's real document. */
function fakeWindow(languages: string[], stored: string | null): Window {
  const storage = { getItem: (key: string) => (key === LANGUAGE_PREFERENCE_KEY ? stored : null) };
  return { navigator: { languages, language: languages[0] }, localStorage: storage, document } as unknown as Window;
}

describe('startLocale', () => {
  afterEach(() => {
    clearTranslations();
    useAppLocale({ language: 'en', formatting: 'en-GB' });
    document.documentElement.lang = 'en';
  });

  it('starts a French browser in French: the translations loaded, <html lang> set, French formats', async () => {
    expect(await startLocale(fakeWindow(['fr-FR', 'en'], null))).toEqual({ language: 'fr', formatting: 'fr-FR' });
    expect(document.documentElement.lang).toBe('fr');
    expect(appLocale().formatting).toBe('fr-FR');
    expect(describeErrorCode('not_found')).toBe('Cela n’existe plus.');
  });

  it('keeps English for a French browser whose user chose English', async () => {
    expect(await startLocale(fakeWindow(['fr-FR'], 'en'))).toEqual({ language: 'en', formatting: 'en-GB' });
    expect(document.documentElement.lang).toBe('en');
    expect(describeErrorCode('not_found')).toBe('It no longer exists.');
  });

  it('starts an English browser in French when the user chose French', async () => {
    expect((await startLocale(fakeWindow(['en-US'], 'fr'))).language).toBe('fr');
    expect(describeErrorCode('too_many_requests')).toBe('Trop de requêtes\u00a0: patientez un instant.');
  });
});
