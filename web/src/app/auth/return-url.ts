import { AppPath } from '@app/contracts';

/**
 * Returns where the app may send the user after sign-in, as a path with its query and fragment, or
 * `null` when `candidate` is not a safe destination.
 *
 * Safe means: it resolves to the app's own origin (compared as parsed origins, so `//evil.example`,
 * `/\evil.example` and `https://app.example.evil` are all refused) and it does not point back into
 * the sign-in routes, which would loop.
 *
 * @see [RFC 9700 §4.11 - Open Redirection](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.11)
 */
export function safeReturnUrl(candidate: string | null | undefined, appOrigin: string): string | null {
  if (!candidate) return null;
  let url: URL;
  try {
    url = new URL(candidate, appOrigin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(appOrigin).origin) return null;
  if (url.pathname === AppPath.Home || url.pathname.startsWith('/auth/')) return null;
  return url.pathname + url.search + url.hash;
}
