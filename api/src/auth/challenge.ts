import { ErrorCode, type ApiError } from '@app/contracts';
import type { AnyAuthError } from './errors.ts';

/** The `realm` of our `WWW-Authenticate` challenges (RFC 6750 §3). */
export const REALM = 'api';

/** A broken `OIDC_JWKS_FILE` needs an operator; clients may still retry now and then. */
const JWKS_FILE_RETRY_AFTER_SECONDS = 60;

export interface AuthErrorResponse {
  readonly statusCode: 400 | 401 | 403 | 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ApiError;
}

/**
 * The one place that turns a guard error into an HTTP response (RFC 6750 §3, §3.1):
 * - no credentials: 401, `Bearer realm="api"` with no error code;
 * - a malformed request (two `Authorization` headers): 400, `error="invalid_request"`;
 * - a bad token: 401, `error="invalid_token"`, and in the body a `reason` code (`audience`,
 *   `token_type`…) so the SPA can say what to fix;
 * - a valid token without the role: 403, `error="insufficient_scope"`;
 * - no key to verify with (the IdP unreachable, the key file broken): 503 with `Retry-After`
 *   (our failure, not the client's).
 *
 * Every answer carries `Cache-Control: no-store`, so no cache keeps an auth decision.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function authErrorResponse(error: AnyAuthError): AuthErrorResponse {
  const noStore = { 'cache-control': 'no-store' };
  switch (error.code) {
    case 'ERR_MISSING_TOKEN':
      return {
        statusCode: 401,
        headers: { ...noStore, 'www-authenticate': bearerChallenge() },
        body: { error: ErrorCode.Unauthorized, message: error.message },
      };
    case 'ERR_INVALID_REQUEST':
      return {
        statusCode: 400,
        headers: { ...noStore, 'www-authenticate': bearerChallenge(ErrorCode.InvalidRequest, error.message) },
        body: { error: ErrorCode.InvalidRequest, message: error.message },
      };
    case 'ERR_INVALID_TOKEN':
      return {
        statusCode: 401,
        headers: { ...noStore, 'www-authenticate': bearerChallenge(ErrorCode.InvalidToken, error.message) },
        body: { error: ErrorCode.InvalidToken, message: error.message, reason: error.reason },
      };
    case 'ERR_INSUFFICIENT_ROLE':
      return {
        statusCode: 403,
        headers: { ...noStore, 'www-authenticate': bearerChallenge(ErrorCode.InsufficientScope, error.message) },
        body: { error: ErrorCode.InsufficientScope, message: error.message },
      };
    case 'ERR_KEYS_UNAVAILABLE':
      return {
        statusCode: 503,
        headers: { ...noStore, 'retry-after': String(Math.max(1, error.retryAfterSeconds)) },
        body: { error: ErrorCode.ServiceUnavailable, message: error.message },
      };
    case 'ERR_JWKS_FILE_INVALID':
      return {
        statusCode: 503,
        headers: { ...noStore, 'retry-after': String(JWKS_FILE_RETRY_AFTER_SECONDS) },
        body: { error: ErrorCode.ServiceUnavailable, message: 'The identity provider keys are unavailable' },
      };
  }
}

/** RFC 6750 §3: `Bearer realm="api"[, error="…", error_description="…"]`. */
function bearerChallenge(error?: string, description?: string): string {
  const params = [`realm="${REALM}"`];
  if (error !== undefined) params.push(`error="${error}"`);
  if (description !== undefined) params.push(`error_description="${toQuotable(description)}"`);
  return `Bearer ${params.join(', ')}`;
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no `"`, no `\`). */
function toQuotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}
