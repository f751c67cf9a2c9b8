import { SOURCE_LANGUAGE, type Language } from './language';

/** The language the app speaks in this page, and the locale its numbers and dates are written in. */
export interface AppLocale {
  readonly language: Language;
  /** A BCP 47 tag for `Intl`: `fr-FR`, `en-GB`, or the browser's own for that language. */
  readonly formatting: string;
}

let current: AppLocale = { language: SOURCE_LANGUAGE, formatting: 'en-GB' };

/**
 * The page's locale. Chosen once, before the app starts (`startLocale`), and never changed while the
 * page lives: switching language stores the choice and reloads, as `$localize` translates each
 * message once. Kept here rather than injected, so plain formatting functions can read it too.
 */
export function appLocale(): AppLocale {
  return current;
}

/** Sets the page's locale: at start, and in unit tests. */
export function useAppLocale(locale: AppLocale): void {
  current = locale;
}

/**
 * A formatter made for the page's locale, made again only if the locale changes (unit tests switch
 * it; the app never does). `Intl` formatters are costly to make and cheap to reuse.
 */
export function perLocale<T>(make: (locale: string) => T): () => T {
  let made: { locale: string; value: T } | null = null;
  return () => {
    const { formatting } = current;
    if (made?.locale !== formatting) made = { locale: formatting, value: make(formatting) };
    return made.value;
  };
}
