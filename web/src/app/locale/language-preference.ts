import { languageOf, type Language } from './language';

/** The `localStorage` key of the language the user chose: a preference, not a secret. */
export const LANGUAGE_PREFERENCE_KEY = 'teamspace.language';

/** The stored choice, or `null` when there is none or storage is off (private modes, policies). */
export function readLanguagePreference(storage: Pick<Storage, 'getItem'> | undefined): Language | null {
  try {
    return languageOf(storage?.getItem(LANGUAGE_PREFERENCE_KEY)) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the choice for the next page loads; says whether it could. */
export function storeLanguagePreference(storage: Pick<Storage, 'setItem'> | undefined, language: Language): boolean {
  try {
    storage?.setItem(LANGUAGE_PREFERENCE_KEY, language);
    return storage !== undefined;
  } catch {
    return false;
  }
}
