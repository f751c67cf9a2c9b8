/**
 * Reading the credentials of a request: the access token from the `Authorization` header (the only
 * place we accept one), under the `Bearer` scheme (RFC 6750) or the `DPoP` scheme (RFC 9449 §7.1),
 * and the `DPoP` proof header that comes with the latter.
 */
import { InvalidRequestError, InvalidTokenError, MissingTokenError } from './errors.ts';
import type { AuthScheme } from './challenge.ts';

/**
 * RFC 6750 §2.1 and RFC 9449 §7.1: `credentials = scheme 1*SP token68`, the scheme compared
 * case-insensitively (RFC 9110 §11.1); `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
 */
const CREDENTIALS = /^(bearer|dpop) +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^(bearer|dpop)(?: |$)/i;

/** An access token and the scheme it came under. */
export interface AccessCredentials {
  readonly scheme: AuthScheme;
  readonly token: string;
}

/**
 * Reads the access token from the `Authorization` header value, under one of the `accepted` schemes
 * (`Bearer`, and `DPoP` unless `OIDC_DPOP=off`).
 *
 * Does not look at the query string (RFC 6750 §2.3, §5.3: URLs end up in logs and history), the
 * body (§2.2) or cookies (a cookie would make us CSRF-able). A token sent there is simply not
 * seen, so the request is treated as anonymous.
 *
 * @throws {MissingTokenError} no `Authorization` header, or a scheme not accepted (`Basic …`): RFC
 *   6750 §3.1 says to answer such requests without an error code.
 * @throws {InvalidTokenError} an accepted scheme with a missing or malformed token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export function readCredentials(authorization: string | undefined, accepted: readonly AuthScheme[]): AccessCredentials {
  const named = authorization === undefined ? undefined : SCHEME.exec(authorization.trimStart())?.[1];
  const scheme = accepted.find((candidate) => candidate.toLowerCase() === named?.toLowerCase());
  if (scheme === undefined) throw new MissingTokenError();
  const token = CREDENTIALS.exec(authorization!.trim())?.[2];
  if (token === undefined) throw new InvalidTokenError(`The Authorization header is not a valid ${scheme} credential`, 'malformed');
  return { scheme, token };
}

/**
 * The one `Authorization` header of a request, from its raw headers (Node keeps only the first of
 * repeated `Authorization` headers in `request.headers`, silently).
 *
 * Two of them are refused: a proxy and a client, or two layers of a client, each added one, and
 * picking either would let one party's credential stand in for the other's (RFC 6750 §3.1:
 * `invalid_request`, 400).
 *
 * @throws {InvalidRequestError} when the header is repeated.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function readAuthorizationHeader(rawHeaders: readonly string[]): string | undefined {
  const values = headerValues(rawHeaders, 'authorization');
  if (values.length > 1) throw new InvalidRequestError('The request has more than one Authorization header');
  return values[0];
}

/**
 * Every `DPoP` header of a request, from its raw headers: RFC 9449 §4.3 wants exactly one, and
 * Node would join repeated ones with a comma.
 */
export function readDpopHeaders(rawHeaders: readonly string[]): string[] {
  return headerValues(rawHeaders, 'dpop');
}

function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === name) values.push(rawHeaders[index + 1] ?? '');
  }
  return values;
}
