/**
 * Compares the messages extracted from the SPA (`ng extract-i18n`, JSON format: message id →
 * English text) with a translation file of the same format: every message translated, no
 * translation left for a message that is gone, and the same placeholders on both sides, so a
 * translation never drops or invents a value (`{$count}`, `{$START_TAG_CODE}`) or an ICU plural,
 * and the same spaces at its ends, which part it from the text around it.
 */
import type { Finding } from './finding.ts';

export interface Catalogue {
  readonly locale: string;
  readonly translations: Readonly<Record<string, string>>;
}

export function compareCatalogues(source: Catalogue, translation: Catalogue, file: string): Finding[] {
  const findings: Finding[] = [];
  for (const [id, english] of Object.entries(source.translations)) {
    const translated = translation.translations[id];
    if (translated === undefined) {
      findings.push({ file, line: 0, rule: `no ${translation.locale} translation for message ${id}`, text: english });
    } else if (placeholdersOf(english).join() !== placeholdersOf(translated).join()) {
      findings.push({ file, line: 0, rule: `message ${id} translated with other placeholders than ${placeholdersOf(english).join(' ') || 'none'}`, text: translated });
    } else if (edgesOf(english) !== edgesOf(translated)) {
      findings.push({ file, line: 0, rule: `message ${id} translated with other spaces at its ends (the words beside it would run together)`, text: translated });
    }
  }
  for (const [id, translated] of Object.entries(translation.translations)) {
    if (!(id in source.translations)) findings.push({ file, line: 0, rule: `translation of message ${id}, which no longer exists`, text: translated });
  }
  return findings;
}

/**
 * The placeholders of a message, sorted: `{$NAME}` ones, and the variable of each ICU expression
 * (`{VAR_PLURAL, plural, …}`). An ICU's cases may differ between languages (French has `one` for 0).
 */
export function placeholdersOf(message: string): string[] {
  const placeholders = [...message.matchAll(/\{\$([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? '');
  const icus = [...message.matchAll(/\{(VAR_[A-Z0-9_]+),\s*(plural|select)\s*,/g)].map((match) => `${match[1]}:${match[2]}`);
  return [...new Set(placeholders), ...icus].sort();
}

/** Whether a message starts and ends with a space: `" Trying again…"` follows another sentence. */
function edgesOf(message: string): string {
  return `${/^\s/.test(message)}${/\s$/.test(message)}`;
}
