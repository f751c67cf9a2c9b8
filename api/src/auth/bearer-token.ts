import { InvalidRequestError, InvalidTokenError, MissingTokenError } from './errors.ts';

/**
 * RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`, the scheme compared case-insensitively
 * (RFC 9110 §11.1); `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
 */
const BEARER_CREDENTIALS = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const BEARER_SCHEME = /^bearer(?: |$)/i;

/**
 * Reads the access token from the `Authorization` request header, the only place we accept one.
 *
 * Does not look at the query string (RFC 6750 §2.3, §5.3: URLs end up in logs and history), the
 * body (§2.2) or cookies (a cookie would make us CSRF-able). A token sent there is simply not
 * seen, so the request is treated as anonymous.
 *
 * @throws {MissingTokenError} no `Authorization` header, or another scheme (`Basic …`): RFC 6750
 *   §3.1 says to answer such requests without an error code.
 * @throws {InvalidTokenError} the Bearer scheme with a missing or malformed token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function readBearerToken(authorization: string | undefined): string {
  if (authorization === undefined || !BEARER_SCHEME.test(authorization.trimStart())) {
    throw new MissingTokenError();
  }
  const token = BEARER_CREDENTIALS.exec(authorization.trim())?.[1];
  if (token === undefined) throw new InvalidTokenError('The Authorization header is not a valid Bearer credential', 'malformed');
  return token;
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
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'authorization') values.push(rawHeaders[index + 1] ?? '');
  }
  if (values.length > 1) throw new InvalidRequestError('The request has more than one Authorization header');
  return values[0];
}
