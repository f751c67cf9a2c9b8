import { AppPath } from '@app/contracts';

/**
 * Returns where the app may send the user after sign-in, as a path with its query and fragment, or
 * `null` when `candidate` is not a safe destination.
 *
 * Safe means: it resolves to the app's own origin (compared as parsed origins, so `//evil.example`,
 * `/\evil.example` and `https://app.example.evil` are all refused), and so does the path it returns
 * once normalised (`/.//evil.example` normalises to `//evil.example`, another host), and it does not
 * point back into the sign-in routes, which would loop.
 *
 * @see [RFC 9700 §4.11 - Open Redirection](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.11)
 */
export function safeReturnUrl(candidate: string | null | undefined, appOrigin: string): string | null {
  if (!candidate) return null;
  const origin = new URL(appOrigin).origin;
  const url = URL.parse(candidate, appOrigin);
  if (url === null || url.origin !== origin) return null;
  // Resolving normalises the path (`/.//evil.example` becomes `//evil.example`), and the result is
  // used as a URL again: it is checked as it will be read, then, not only as it was written.
  const result = url.pathname + url.search + url.hash;
  if (URL.parse(result, appOrigin)?.origin !== origin || result.startsWith('//') || result.startsWith('/\\')) return null;
  if (url.pathname === AppPath.Home || url.pathname.startsWith('/auth/')) return null;
  return result;
}
