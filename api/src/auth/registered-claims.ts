/**
 * The registered claims of an access token whose signature verified (RFC 7519 §4.1, RFC 9068 §4):
 * the checks jose's `jwtVerify` made after the signature, in its order and with its rules, now
 * that the signature is checked by `verify-jws.ts`. Each refusal has its `reason`, and, when the
 * IdP's settings and ours disagree, a hint naming the setting for the operator's log (the token's
 * signature verified, so its values are the IdP's, not an attacker's).
 */
import { TokenRefusal } from '@app/contracts';
import type { JWTPayload } from 'jose';
import { InvalidTokenError, type MisconfigurationHint } from './errors.ts';
import { quoted } from './quoted.ts';

export interface ClaimExpectations {
  /** Exact `iss` (RFC 9068 §4). */
  readonly issuer: string;
  /** What `aud` must be or contain (RFC 9068 §4, RFC 8725 §3.9). */
  readonly audience: string;
  /** Claims that must be present (RFC 9068 §2.2). */
  readonly requiredClaims: readonly string[];
  /** Skew allowed between the IdP's clock and ours, for `exp`, `nbf` and `iat` (RFC 7519 §4.1.4, §4.1.5). */
  readonly clockToleranceSeconds: number;
  /** A token issued longer ago than this is refused, whatever its `exp`. */
  readonly maxAgeSeconds: number;
}

/** Fixed descriptions and reasons per claim: only these reach a response, the claim values never do. */
const CLAIM_FAILURES: Readonly<Record<string, readonly [string, TokenRefusal]>> = {
  iss: ['The access token was not issued by the trusted issuer', TokenRefusal.Issuer],
  aud: ['The access token is not meant for this API', TokenRefusal.Audience],
  exp: ['The access token has no valid expiry time', TokenRefusal.Claims],
  nbf: ['The access token is not valid yet', TokenRefusal.NotYetValid],
  iat: ['The access token has no valid issue time', TokenRefusal.Claims],
  sub: ['The access token has no subject', TokenRefusal.Claims],
};

/**
 * Builds the check (what it needs worked out once). Checks, in order: the required claims are present (`iss`, `aud`, `iat` first); `iss` equals the
 * issuer exactly; `aud` is our audience or an array holding it; `iat` is a number and `nbf`, when
 * present, a number not in the future; `exp` a number in the future; `iat` neither older than the
 * maximum age nor in the future. Every comparison allows `clockToleranceSeconds`. A NumericDate
 * that is not finite (`1e999`) is left to `assertNumericDatesAreFinite`, which runs next.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export function createRegisteredClaimsCheck(expected: ClaimExpectations): (payload: JWTPayload, nowSeconds?: number) => void {
  const mustBePresent = [...new Set(['iss', 'aud', 'iat', ...expected.requiredClaims])];
  const tolerance = expected.clockToleranceSeconds;
  return (payload, nowSeconds = Math.floor(Date.now() / 1000)) => {
    for (const claim of mustBePresent) {
      if (!Object.hasOwn(payload, claim)) throw claimFailure(claim);
    }
    if (payload.iss !== expected.issuer) throw claimFailure('iss', hintForIssuer(payload, expected));
    if (!namesAudience(payload.aud, expected.audience)) throw claimFailure('aud', hintForAudience(payload, expected));
    const iat = numericDate(payload, 'iat');
    const nbf = numericDate(payload, 'nbf');
    if (nbf !== undefined && nbf > nowSeconds + tolerance) throw claimFailure('nbf');
    const exp = numericDate(payload, 'exp');
    if (exp !== undefined && exp <= nowSeconds - tolerance) throw new InvalidTokenError('The access token expired', TokenRefusal.Expired);
    const age = nowSeconds - (iat ?? nowSeconds);
    if (age - tolerance > expected.maxAgeSeconds) throw tooOld(payload, expected);
    if (age < -tolerance) throw new InvalidTokenError('The access token was issued in the future', TokenRefusal.NotYetValid);
  };
}

function namesAudience(aud: unknown, audience: string): boolean {
  return aud === audience || (Array.isArray(aud) && aud.includes(audience));
}

/** A NumericDate claim (RFC 7519 §2): absent, or a number. */
function numericDate(payload: JWTPayload, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw claimFailure(claim);
  return value;
}

function claimFailure(claim: string, hint?: MisconfigurationHint): InvalidTokenError {
  const [message, reason] = CLAIM_FAILURES[claim] ?? ['The access token claims are invalid', TokenRefusal.Claims];
  return new InvalidTokenError(message, reason, hint === undefined ? {} : { hint });
}

function tooOld(payload: JWTPayload, expected: ClaimExpectations): InvalidTokenError {
  const lifetime = typeof payload.exp === 'number' && typeof payload.iat === 'number' ? ` (it lives ${payload.exp - payload.iat} s)` : '';
  return new InvalidTokenError('The access token is older than this API accepts', TokenRefusal.TooOld, {
    hint: {
      variable: 'OIDC_ACCESS_TOKEN_MAX_AGE',
      detail: `a token issued more than ${expected.maxAgeSeconds} s ago was refused${lifetime}; if the IdP issues longer-lived access tokens, raise OIDC_ACCESS_TOKEN_MAX_AGE`,
    },
  });
}

function hintForIssuer(payload: JWTPayload, expected: ClaimExpectations): MisconfigurationHint {
  return {
    variable: 'OIDC_ISSUER',
    detail: `the token's iss is ${quoted(payload.iss)} but the API expects ${quoted(expected.issuer)}: set OIDC_ISSUER (or OIDC_ACCESS_TOKEN_ISSUER, when the IdP gives access tokens another issuer than ID tokens) to the token's iss, exactly`,
  };
}

function hintForAudience(payload: JWTPayload, expected: ClaimExpectations): MisconfigurationHint {
  return {
    variable: 'OIDC_AUDIENCE',
    detail: `the token's aud is ${quoted(payload.aud)} but the API expects ${quoted(expected.audience)}: set OIDC_AUDIENCE to the value the IdP gives the API, or have the IdP add it to the access token's aud`,
  };
}
