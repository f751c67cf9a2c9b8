import { registerLocaleData } from '@angular/common';
import { useAppLocale, type AppLocale } from './app-locale';
import { formattingLocale, pickLanguage, SOURCE_LANGUAGE, type Language } from './language';
import { readLanguagePreference } from './language-preference';

/** What a language other than the source needs: its messages, and Angular's locale data (plural rules for ICU messages). */
interface Catalogue {
  readonly translations: Record<string, string>;
  readonly localeData: unknown[];
}

/**
 * Each translation is its own lazy chunk, fetched only by those who read that language: the
 * initial bundle carries the English words alone. Content-hashed like every chunk, so it is cached
 * for good and never outlives the code it belongs to.
 */
const CATALOGUES: Readonly<Record<Exclude<Language, typeof SOURCE_LANGUAGE>, () => Promise<Catalogue>>> = {
  fr: async () => {
    const [messages, localeData] = await Promise.all([import('../../../locale/messages.fr.json'), import('@angular/common/locales/fr')]);
    return { translations: messages.default.translations, localeData: localeData.default };
  },
};

/** `$localize`'s runtime translation (message ids, placeholders): fetched with a translation, never for English. */
const loadRuntimeTranslation = () => import('@angular/localize');

/**
 * Chooses the page's language and readies it, before the app starts: `$localize` translates each
 * message the first time it runs, so the translations must be loaded before any component renders.
 * Sets `<html lang>`. If the translations cannot be loaded, the app starts in English rather than
 * not at all.
 */
export async function startLocale(window: Window): Promise<AppLocale> {
  const browserLanguages = window.navigator.languages?.length ? window.navigator.languages : [window.navigator.language];
  let language = pickLanguage(readLanguagePreference(storageOf(window)), browserLanguages);
  if (language !== SOURCE_LANGUAGE) {
    try {
      const [{ translations, localeData }, { loadTranslations }] = await Promise.all([CATALOGUES[language](), loadRuntimeTranslation()]);
      loadTranslations(translations);
      registerLocaleData(localeData, language);
    } catch (error) {
      console.error(`The "${language}" translations could not be loaded; showing the app in English.`, error);
      language = SOURCE_LANGUAGE;
    }
  }
  const locale: AppLocale = { language, formatting: formattingLocale(language, browserLanguages) };
  window.document.documentElement.lang = language;
  useAppLocale(locale);
  return locale;
}

/** `localStorage`, which merely reading can throw when the browser's settings forbid it. */
export function storageOf(window: Window): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
