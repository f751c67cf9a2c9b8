/**
 * Which language the dev IdP's pages speak: the first of the app's `ui_locales` (OpenID Connect Core
 * §3.1.2.1 and RP-Initiated Logout §2: the end user's preferred languages, space-separated, best
 * first) that it speaks, else the browser's `Accept-Language` (RFC 9110 §12.5.4), else English.
 */

export const PAGE_LANGUAGES = ['en', 'fr'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

function speaks(tag: string): PageLanguage | undefined {
  const base = tag.trim().split('-')[0]?.toLowerCase();
  return PAGE_LANGUAGES.find((language) => language === base);
}

/** The tags of an `Accept-Language` header, best first (by `q`, then by order; `q=0` means "not this"). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      return { tag, index, weight: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && Number.isFinite(weight) && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}

export function pageLanguage(uiLocales: unknown, acceptLanguage: string | undefined): PageLanguage {
  const asked = typeof uiLocales === 'string' ? uiLocales.split(' ') : [];
  return [...asked, ...acceptedLanguages(acceptLanguage)].map(speaks).find((language) => language !== undefined) ?? 'en';
}
