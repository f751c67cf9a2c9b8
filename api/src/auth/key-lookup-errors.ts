import { TokenRefusal } from '@app/contracts';
import { errors } from 'jose';
import { AuthError, InvalidTokenError } from './errors.ts';

/**
 * Turns what choosing the key threw into our error types: an `AuthError` from the key source (no
 * keys to be had: 503) as is, jose's JWKS errors into `invalid_token` with a fixed description and
 * a reason, anything else into `invalid_token` too, since it came from what the client sent (a
 * `kid` or `alg` no key serves), never a 500.
 */
export function toKeyLookupError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const [message, reason] = describe(error);
  return new InvalidTokenError(message, reason, { cause: error });
}

function describe(error: unknown): readonly [string, TokenRefusal] {
  if (!(error instanceof errors.JOSEError)) return ['The access token could not be verified', TokenRefusal.Malformed];
  switch (error.code) {
    case errors.JWKSNoMatchingKey.code:
      return ['The access token signature cannot be verified: no issuer key has its kid', TokenRefusal.UnknownKey];
    case errors.JWKSMultipleMatchingKeys.code:
      return ['The access token signature cannot be verified with the issuer keys', TokenRefusal.Signature];
    case errors.JOSENotSupported.code:
      // A key of the JWKS that jose cannot import for this algorithm.
      return ['The access token uses a header this API does not support', TokenRefusal.Malformed];
    default:
      return ['The access token is malformed', TokenRefusal.Malformed];
  }
}
