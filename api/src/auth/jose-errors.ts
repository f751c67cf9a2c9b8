import { errors } from 'jose';
import { AuthError, InvalidTokenError } from './errors.ts';

/**
 * Fixed descriptions for claims jose may name in a `JWTClaimValidationFailed`. Only these claim
 * names reach a response; the claim values never do.
 */
const CLAIM_FAILURES: Readonly<Record<string, string>> = {
  iss: 'The access token was not issued by the trusted issuer',
  aud: 'The access token is not meant for this API',
  exp: 'The access token has no valid expiry time',
  nbf: 'The access token is not valid yet',
  iat: 'The access token has no valid issue time',
  sub: 'The access token has no subject',
};

/**
 * Turns whatever verification threw into our error types: an `AuthError` (from the key source) as
 * is, every jose error into `invalid_token` with a fixed description, anything else into
 * `invalid_token` too, since it came from verifying what the client sent (never a 500).
 */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (!(error instanceof errors.JOSEError)) {
    return new InvalidTokenError('The access token could not be verified', { cause: error });
  }
  return new InvalidTokenError(describeJoseError(error), { cause: error });
}

/** An `iat` that is there and a number but fails its check is in the future (jose's `maxTokenAge`). */
function describeClaimFailure(error: errors.JWTClaimValidationFailed): string {
  if (error.claim === 'iat' && error.reason === 'check_failed') return 'The access token was issued in the future';
  return CLAIM_FAILURES[error.claim] ?? 'The access token claims are invalid';
}

function describeJoseError(error: errors.JOSEError): string {
  switch (error.code) {
    case errors.JWTExpired.code:
      // jose reports a token older than `maxTokenAge` as expired, naming `iat`.
      return (error as errors.JWTExpired).claim === 'iat'
        ? 'The access token is older than this API accepts'
        : 'The access token expired';
    case errors.JWTClaimValidationFailed.code:
      return describeClaimFailure(error as errors.JWTClaimValidationFailed);
    case errors.JOSEAlgNotAllowed.code:
      return 'The access token signing algorithm is not allowed';
    case errors.JOSENotSupported.code:
      // An unknown `crit` extension, or an algorithm no JWKS key can serve.
      return 'The access token uses a header this API does not support';
    case errors.JWSSignatureVerificationFailed.code:
    case errors.JWKSNoMatchingKey.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return 'The access token signature cannot be verified with the issuer keys';
    default:
      return 'The access token is malformed';
  }
}
