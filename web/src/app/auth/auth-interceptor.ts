import { DOCUMENT } from '@angular/common';
import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { ApiPath } from '@app/contracts';
import { from, switchMap } from 'rxjs';
import { Session } from './session';

/**
 * Whether `url` is a call to this app's own API: same origin as the page (parsed origins compared,
 * never string prefixes) and a path under `/api/`. Only such calls may carry the access token.
 *
 * @see [RFC 10017 - OAuth 2.0 for Browser-Based Applications](https://www.rfc-editor.org/rfc/rfc10017.html)
 */
export function isOwnApiUrl(url: string, appOrigin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, appOrigin);
  } catch {
    return false;
  }
  return parsed.origin === appOrigin && parsed.pathname.startsWith(ApiPath.Prefix);
}

/** Adds `Authorization: Bearer …` to requests for the app's own API, and to nothing else. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isOwnApiUrl(request.url, inject(DOCUMENT).location.origin)) return next(request);
  const session = inject(Session);
  return from(session.accessToken()).pipe(
    switchMap((token) => next(token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request)),
  );
};
