import type { TokenRefusal } from '@app/contracts';
import { errors, type JWTPayload } from 'jose';
import { AuthError, InvalidTokenError, type MisconfigurationHint } from './errors.ts';
import { quoted } from './quoted.ts';

/** What the API expects, for the hints that tell an operator which setting disagrees with the IdP. */
export interface Expectations {
  readonly issuer: string;
  readonly audience: string;
  readonly maxAgeSeconds: number;
}

/**
 * Fixed descriptions and reasons for claims jose may name in a `JWTClaimValidationFailed`. Only
 * these claim names reach a response; the claim values never do.
 */
const CLAIM_FAILURES: Readonly<Record<string, readonly [string, TokenRefusal]>> = {
  iss: ['The access token was not issued by the trusted issuer', 'issuer'],
  aud: ['The access token is not meant for this API', 'audience'],
  exp: ['The access token has no valid expiry time', 'claims'],
  nbf: ['The access token is not valid yet', 'not_yet_valid'],
  iat: ['The access token has no valid issue time', 'claims'],
  sub: ['The access token has no subject', 'claims'],
};

/**
 * Turns whatever verification threw into our error types: an `AuthError` (from the key source) as
 * is, every jose error into `invalid_token` with a fixed description and a reason, anything else
 * into `invalid_token` too, since it came from verifying what the client sent (never a 500).
 *
 * jose checks the signature before the claims, so a claim failure comes from a token the IdP
 * signed: its `iss` or `aud` then says how our settings differ from the IdP's, for the log.
 */
export function toAuthError(error: unknown, expected: Expectations): AuthError {
  if (error instanceof AuthError) return error;
  if (!(error instanceof errors.JOSEError)) {
    return new InvalidTokenError('The access token could not be verified', 'malformed', { cause: error });
  }
  if (error instanceof errors.JWTExpired) return describeExpiry(error, expected);
  if (error instanceof errors.JWTClaimValidationFailed) return describeClaimFailure(error, expected);
  const [message, reason] = describeJoseError(error);
  return new InvalidTokenError(message, reason, { cause: error });
}

/** jose reports a token older than `maxTokenAge` as expired, naming `iat`. */
function describeExpiry(error: errors.JWTExpired, expected: Expectations): InvalidTokenError {
  if (error.claim !== 'iat') return new InvalidTokenError('The access token expired', 'expired', { cause: error });
  const lifetime = typeof error.payload.exp === 'number' && typeof error.payload.iat === 'number'
    ? ` (it lives ${error.payload.exp - error.payload.iat} s)`
    : '';
  return new InvalidTokenError('The access token is older than this API accepts', 'too_old', {
    cause: error,
    hint: {
      variable: 'OIDC_ACCESS_TOKEN_MAX_AGE',
      detail: `a token issued more than ${expected.maxAgeSeconds} s ago was refused${lifetime}; if the IdP issues longer-lived access tokens, raise OIDC_ACCESS_TOKEN_MAX_AGE`,
    },
  });
}

/** An `iat` that is there and a number but fails its check is in the future (jose's `maxTokenAge`). */
function describeClaimFailure(error: errors.JWTClaimValidationFailed, expected: Expectations): InvalidTokenError {
  if (error.claim === 'iat' && error.reason === 'check_failed') {
    return new InvalidTokenError('The access token was issued in the future', 'not_yet_valid', { cause: error });
  }
  const [message, reason] = CLAIM_FAILURES[error.claim] ?? ['The access token claims are invalid', 'claims'];
  const hint = error.reason === 'check_failed' ? hintFor(error.claim, error.payload, expected) : undefined;
  return new InvalidTokenError(message, reason, { cause: error, ...(hint === undefined ? {} : { hint }) });
}

function hintFor(claim: string, payload: JWTPayload, expected: Expectations): MisconfigurationHint | undefined {
  switch (claim) {
    case 'iss':
      return {
        variable: 'OIDC_ISSUER',
        detail: `the token's iss is ${quoted(payload.iss)} but the API expects ${quoted(expected.issuer)}: set OIDC_ISSUER (or OIDC_ACCESS_TOKEN_ISSUER, when the IdP gives access tokens another issuer than ID tokens) to the token's iss, exactly`,
      };
    case 'aud':
      return {
        variable: 'OIDC_AUDIENCE',
        detail: `the token's aud is ${quoted(payload.aud)} but the API expects ${quoted(expected.audience)}: set OIDC_AUDIENCE to the value the IdP gives the API, or have the IdP add it to the access token's aud`,
      };
    default:
      return undefined;
  }
}

function describeJoseError(error: errors.JOSEError): readonly [string, TokenRefusal] {
  switch (error.code) {
    case errors.JOSEAlgNotAllowed.code:
      return ['The access token signing algorithm is not allowed', 'algorithm'];
    case errors.JOSENotSupported.code:
      // An algorithm no JWKS key can serve (an unknown `crit` extension is refused before jose).
      return ['The access token uses a header this API does not support', 'malformed'];
    case errors.JWKSNoMatchingKey.code:
      return ['The access token signature cannot be verified: no issuer key has its kid', 'unknown_key'];
    case errors.JWSSignatureVerificationFailed.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return ['The access token signature cannot be verified with the issuer keys', 'signature'];
    default:
      return ['The access token is malformed', 'malformed'];
  }
}
