/**
 * The languages the app speaks, and how one is chosen: the user's stored choice, else the first of
 * the browser's languages (`navigator.languages`, the same list it sends as `Accept-Language`) that
 * the app speaks, else English, the language the app is written in.
 */

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of the source code's own words, the one with no translation file. */
export const SOURCE_LANGUAGE = 'en' satisfies Language;

/** How numbers and dates are written when the browser names no region for the language. */
const DEFAULT_FORMATTING: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr-FR' };

/** The app's language for a BCP 47 tag (`fr-CA` → `fr`), if it speaks it. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  const base = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return LANGUAGES.find((language) => language === base);
}

/** The stored choice when it is one the app speaks, else the browser's first language the app speaks, else English. */
export function pickLanguage(preference: string | null, browserLanguages: readonly string[]): Language {
  return languageOf(preference) ?? browserLanguages.map(languageOf).find((language) => language !== undefined) ?? SOURCE_LANGUAGE;
}

/**
 * The locale numbers and dates are written in: the browser's own tag for that language when it names
 * one this browser's `Intl` knows (`fr-CA`, `en-US`), so a reader keeps their region's conventions,
 * else the language's usual one (`fr-FR`: `12 345`, `18,3 %`, `5 déc.`).
 */
export function formattingLocale(language: Language, browserLanguages: readonly string[]): string {
  const regional = browserLanguages.find((tag) => languageOf(tag) === language && tag.includes('-'));
  if (regional !== undefined && Intl.NumberFormat.supportedLocalesOf([regional]).length > 0) return regional;
  return DEFAULT_FORMATTING[language];
}

/** A language's name in that language, as a person looking for it would read it: `English`, `Français`. */
export function nativeName(language: Language): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
