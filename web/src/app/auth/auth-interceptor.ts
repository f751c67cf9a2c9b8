import { DOCUMENT } from '@angular/common';
import type { HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { ApiPath } from '@app/contracts';
import { TokenRenewal } from './token-renewal';

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

/**
 * Adds `Authorization: Bearer …` to requests for the app's own API, and to nothing else, through
 * the session's one token path (`TokenRenewal.withAccessToken`): a 401 renews once and retries
 * once; a second ends the session. A request that brings its own token (the sign-in's profile
 * fetch, made with the token just issued) goes as it is.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isOwnApiUrl(request.url, inject(DOCUMENT).location.origin) || request.headers.has('Authorization')) return next(request);
  return inject(TokenRenewal).withAccessToken((token) => next(token === null ? request : withToken(request, token)));
};

function withToken(request: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}
