/**
 * Whether text reads as words for people: some letters. Used where text is shown as it is (a text
 * node of a template, an interpolated string): there, even one word (`Today`) needs a translation,
 * while digits and punctuation (`#`, `·`, `99+`, `↓`) read the same in every language.
 */
export function hasWords(text: string): boolean {
  return /\p{L}/u.test(text);
}

/** Code that happens to be in a string: an HTTP header name (`Retry-After`), a class name (`SignInError`). */
const IDENTIFIER_SHAPES = [/^\p{Lu}\p{Ll}+(?:-\p{Lu}[\p{L}\d]*)+$/u, /^\p{Lu}\p{Ll}+(?:\p{Lu}[\p{Ll}\d]*)+$/u];

/**
 * Whether a string in code (where most strings are not for people: keys, ids, CSS, codes) looks
 * like words for a person: two words or more (`'Sign out'`), or one capitalised word
 * (`'Today'`). Lower-case single words (`'page'`, `'refresh-token'`) and identifiers are code.
 */
export function looksLikeProse(text: string): boolean {
  if (/\p{L}{2,}[ \u00A0\u202F]+[\p{L}]/u.test(text)) return true;
  const word = text.trim();
  return /^\p{Lu}\p{Ll}/u.test(word) && !IDENTIFIER_SHAPES.some((shape) => shape.test(word));
}
