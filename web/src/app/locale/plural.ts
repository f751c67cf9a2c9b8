import { perLocale } from './app-locale';

const rules = perLocale((locale) => new Intl.PluralRules(locale));

/**
 * Whether the page's language writes `count` in the singular: 1 in English, 0 and 1 in French
 * ("0 message"). For messages built in code, where `$localize` has no ICU plurals: pick the
 * singular or the plural message with it.
 */
export function isSingular(count: number): boolean {
  return rules().select(count) === 'one';
}
