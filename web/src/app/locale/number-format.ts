import { perLocale } from './app-locale';

const counts = perLocale((locale) => new Intl.NumberFormat(locale));

/** A whole number as the reader's locale writes it: `12,345` in English, `12 345` in French. */
export function formatCount(value: number): string {
  return counts().format(value);
}

const units = {
  second: perLocale((locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short' })),
  minute: perLocale((locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' })),
  hour: perLocale((locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' })),
};

/**
 * A wait the server asked for (`Retry-After`), rounded up to the unit a person reads best:
 * `45 secs`, `12 mins`, `3 hrs` in English; `45 s`, `12 min`, `3 h` in French.
 */
export function formatWait(seconds: number): string {
  if (seconds < 90) return units.second().format(Math.max(1, Math.ceil(seconds)));
  if (seconds < 90 * 60) return units.minute().format(Math.ceil(seconds / 60));
  return units.hour().format(Math.ceil(seconds / 3600));
}
