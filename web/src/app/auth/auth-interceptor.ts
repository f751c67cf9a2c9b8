import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpResponse, type HttpEvent, type HttpHandlerFn, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { ApiPath } from '@app/contracts';
import { type Observable, catchError, from, switchMap, tap, throwError } from 'rxjs';
import { ApiAuthorization, ISSUED_CREDENTIAL, type ApiCredential } from './api-authorization';
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
 * Adds the credentials to requests for the app's own API, and to nothing else: `Authorization:
 * Bearer …`, or, for a DPoP-bound token, `Authorization: DPoP …` and a fresh proof
 * (`ApiAuthorization`). The token comes through the session's one token path
 * (`TokenRenewal.withAccessToken`): a 401 renews once and retries once; a second ends the session.
 * A request that brings its own credential (the sign-in's profile request, `ISSUED_CREDENTIAL`)
 * goes with it.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const origin = inject(DOCUMENT).location.origin;
  if (!isOwnApiUrl(request.url, origin)) return next(request);
  const authorization = inject(ApiAuthorization);
  const send = (credential: string | ApiCredential) => sendWith(credential, request, next, authorization, new URL(request.url, origin));
  const issued = request.context.get(ISSUED_CREDENTIAL);
  if (issued !== null) return send(issued);
  return inject(TokenRenewal).withAccessToken((token) => (token === null ? next(request) : send(token)));
};

/**
 * One request with `credential`. When the API answers `use_dpop_nonce` (RFC 9449 §9), the proof
 * handle has kept its `DPoP-Nonce`, and the request goes once more with a new proof carrying it.
 */
function sendWith(
  credential: string | ApiCredential,
  request: HttpRequest<unknown>,
  next: HttpHandlerFn,
  authorization: ApiAuthorization,
  url: URL,
  mayRetryForNonce = true,
): Observable<HttpEvent<unknown>> {
  return from(authorization.prepare(credential, request.method, url)).pipe(
    switchMap((prepared) =>
      next(request.clone({ setHeaders: { ...prepared.headers } })).pipe(
        tap((event) => {
          if (event instanceof HttpResponse) void prepared.answered(event);
        }),
        catchError((error: unknown) => {
          if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
          return from(prepared.answered(error)).pipe(
            switchMap((outcome) =>
              outcome === 'use_dpop_nonce' && mayRetryForNonce
                ? sendWith(credential, request, next, authorization, url, false)
                : throwError(() => error),
            ),
          );
        }),
      ),
    ),
  );
}
