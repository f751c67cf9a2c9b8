import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, type HttpHandlerFn, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { ApiPath } from '@app/contracts';
import { catchError, from, switchMap, throwError } from 'rxjs';
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

/**
 * Adds `Authorization: Bearer …` to requests for the app's own API, and to nothing else. When the API
 * refuses the token (401, RFC 6750 §3.1), renews it once (one renewal shared by every request that
 * was refused) and retries the request once; a second 401 ends the session, which signs in again.
 * Never more than one retry: no loop.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isOwnApiUrl(request.url, inject(DOCUMENT).location.origin)) return next(request);
  const session = inject(Session);
  return from(session.accessToken()).pipe(
    switchMap((token) => {
      if (!token) return next(request);
      return next(withToken(request, token)).pipe(
        catchError((error: unknown) => (isUnauthorized(error) ? retryOnce(session, request, next, token, error) : throwError(() => error))),
      );
    }),
  );
};

function retryOnce(session: Session, request: HttpRequest<unknown>, next: HttpHandlerFn, rejected: string, refusal: unknown) {
  return from(session.renewAfterRejection(rejected)).pipe(
    switchMap((renewed) => {
      if (!renewed) return throwError(() => refusal);
      return next(withToken(request, renewed)).pipe(
        catchError((error: unknown) => {
          if (isUnauthorized(error)) session.endRejectedSession(error);
          return throwError(() => error);
        }),
      );
    }),
  );
}

function withToken(request: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 401;
}
