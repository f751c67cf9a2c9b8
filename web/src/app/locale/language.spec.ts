import { formattingLocale, languageOf, nativeName, pickLanguage } from './language';
import { readLanguagePreference, storeLanguagePreference, LANGUAGE_PREFERENCE_KEY } from './language-preference';

describe('choosing the language', () => {
  it('follows the stored choice first', () => {
    expect(pickLanguage('fr', ['en-US', 'en'])).toBe('fr');
    expect(pickLanguage('en', ['fr-FR'])).toBe('en');
  });

  it('else the first of the browser’s languages the app speaks, region aside', () => {
    expect(pickLanguage(null, ['fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage(null, ['de-DE', 'fr-BE', 'en'])).toBe('fr');
    expect(pickLanguage(null, ['de-DE', 'en-GB', 'fr'])).toBe('en');
  });

  it('else English, and ignores a stored value it does not know', () => {
    expect(pickLanguage(null, ['de-DE', 'it'])).toBe('en');
    expect(pickLanguage('klingon', ['fr'])).toBe('fr');
    expect(languageOf('FR_fr')).toBe('fr');
    expect(languageOf('')).toBeUndefined();
  });
});

describe('the formatting locale', () => {
  it('keeps the browser’s region for the language', () => {
    expect(formattingLocale('fr', ['fr-CA', 'en'])).toBe('fr-CA');
    expect(formattingLocale('en', ['de-DE', 'en-US'])).toBe('en-US');
  });

  it('else the language’s usual one', () => {
    expect(formattingLocale('fr', ['en-US'])).toBe('fr-FR');
    expect(formattingLocale('fr', ['fr'])).toBe('fr-FR');
    expect(formattingLocale('en', ['fr-FR'])).toBe('en-GB');
  });
});

describe('language names', () => {
  it('names each language in itself, as a menu item starts', () => {
    expect(nativeName('en')).toBe('English');
    expect(nativeName('fr')).toBe('Français');
  });
});

describe('the stored language preference', () => {
  it('is read back as it was stored', () => {
    const storage = new Map<string, string>();
    const fake = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
    expect(readLanguagePreference(fake)).toBeNull();
    expect(storeLanguagePreference(fake, 'fr')).toBe(true);
    expect(storage.get(LANGUAGE_PREFERENCE_KEY)).toBe('fr');
    expect(readLanguagePreference(fake)).toBe('fr');
  });

  it('is none, without failing, when storage refuses', () => {
    const refusing = { getItem: () => { throw new DOMException('denied', 'SecurityError'); }, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(readLanguagePreference(refusing)).toBeNull();
    expect(storeLanguagePreference(refusing, 'fr')).toBe(false);
  });
});
