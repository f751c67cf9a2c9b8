import { perLocale } from './app-locale';

const counts = perLocale((locale) => new Intl.NumberFormat(locale));

/** A whole number as the reader's locale writes it: `12,345` in English, `12 345` in French. */
export function formatCount(value: number): string {
  return counts().format(value);
}
