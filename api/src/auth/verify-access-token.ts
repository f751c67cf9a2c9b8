/**
 * The token guard: verifies an RFC 9068 JWT access token, one rule per function.
 */
import type { Role } from '@app/contracts';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from './errors.ts';
import { toAuthError } from './jose-errors.ts';
import { readRoles } from './roles.ts';

/**
 * Signature algorithms we accept: asymmetric only (RFC 8725 §3.1, §3.2). No `none`, and no HMAC,
 * whose "secret" an attacker could set to our public key (algorithm confusion).
 */
export const ALLOWED_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];

/** RFC 9068 §2.1: the `typ` header of a JWT access token (jose also accepts `application/at+jwt`, any case). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Clock skew allowed between the IdP and us, for `exp`, `nbf` and `iat` (RFC 7519 §4.1.4, §4.1.5). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** What the API knows about the caller once the token checked out. */
export interface Principal {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export interface AccessTokenPolicy {
  /** Exact `iss` (RFC 9068 §4: MUST match). */
  readonly issuer: string;
  /** Our resource's identifier, which `aud` must contain (RFC 9068 §4). */
  readonly audience: string;
  /** Path of the roles array in the claims. */
  readonly rolesClaim: readonly string[];
}

export type VerifyAccessToken = (token: string) => Promise<Principal>;

/**
 * Builds the verifier of JWT access tokens (RFC 9068 §4), in the spirit of oauth4webapi's
 * `validateJwtAccessToken`.
 *
 * Checks, in order:
 * - the JWS `alg` is in {@link ALLOWED_ALGORITHMS} (RFC 8725 §3.1), before any key is looked up;
 * - the signature, with a key from `getKey` chosen by `kid`/`alg` (RFC 9068 §4);
 * - the `typ` header is `at+jwt` (RFC 9068 §4, RFC 8725 §3.11), so an ID token is refused;
 * - `iss` equals the issuer exactly (RFC 9068 §4);
 * - `aud` is or contains our audience (RFC 9068 §4);
 * - `exp`, `iat` and `sub` are present (RFC 9068 §2.2), `exp` is in the future and `nbf`, if any,
 *   in the past, within {@link CLOCK_TOLERANCE_SECONDS} (RFC 7519 §4.1.4, §4.1.5);
 * - `iat` is not in the future ({@link assertIssuedInThePast});
 * - `sub` is a string ({@link assertSubjectIsString});
 * - the token is not sender-constrained ({@link assertNotSenderConstrained}).
 *
 * Does not check: `jti` replay (bearer tokens are replayable by design until `exp`), `client_id`
 * (any client of the IdP that obtained a token for our audience may call us), `scope` (roles decide
 * access), `auth_time`/`acr` (no step-up here), or revocation (no introspection: we may not POST to
 * the IdP; short token lifetimes bound the window). Roles are read, not enforced: see `requireRole`.
 *
 * @throws {InvalidTokenError} for any token that fails a rule.
 * @throws {KeysUnavailableError} when `getKey` cannot reach the IdP's keys.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function createAccessTokenVerifier(policy: AccessTokenPolicy, getKey: JWTVerifyGetKey): VerifyAccessToken {
  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: [...ALLOWED_ALGORITHMS],
      typ: ACCESS_TOKEN_TYPE,
      issuer: policy.issuer,
      audience: policy.audience,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }).catch((error: unknown) => {
      throw toAuthError(error);
    });
    assertIssuedInThePast(payload, Math.floor(Date.now() / 1000));
    assertSubjectIsString(payload);
    assertNotSenderConstrained(payload);
    return toPrincipal(payload, policy.rolesClaim);
  };
}

/**
 * `iat` must not be in the future beyond the clock tolerance: a token "issued" tomorrow is forged
 * or from a broken clock. jose only checks `iat` when given a maximum age, so we do it here.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.6
 */
export function assertIssuedInThePast(payload: JWTPayload, nowSeconds: number): void {
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new InvalidTokenError('The access token was issued in the future');
  }
}

/**
 * RFC 9068 §2.2 (and RFC 7519 §4.1.2): `sub` is a string. It keys the user's data, so a number or
 * object must not be coerced into one.
 */
export function assertSubjectIsString(payload: JWTPayload): asserts payload is JWTPayload & { sub: string } {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('The access token subject must be a non-empty string');
  }
}

/**
 * A token bound to a key (`cnf`: DPoP `jkt`, mTLS `x5t#S256`) is refused: we only accept Bearer and
 * do not verify proofs of possession, so accepting it would silently drop the binding that makes a
 * stolen copy useless (RFC 9449 §7, RFC 8705 §3).
 */
export function assertNotSenderConstrained(payload: JWTPayload): void {
  if (payload.cnf !== undefined) {
    throw new InvalidTokenError('The access token is sender-constrained and cannot be used as a Bearer token');
  }
}

/** The display name: `name`, else `preferred_username`, else `sub` (OIDC Core §5.1 claim names). */
function toPrincipal(payload: JWTPayload & { sub: string }, rolesClaim: readonly string[]): Principal {
  const name = [payload.name, payload.preferred_username].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return { sub: payload.sub, name: name ?? payload.sub, roles: readRoles(payload, rolesClaim) };
}
