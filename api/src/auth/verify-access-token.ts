/**
 * The token guard: verifies an RFC 9068 JWT access token, one rule per function.
 */
import type { DpopMode, Role, RolesClaimStatus } from '@app/contracts';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { RolesConfig } from '../config.ts';
import type { AccessTokenTyp } from '../provider-presets.ts';
import {
  assertAccessTokenType,
  assertAudienceIsStringOrStrings,
  assertCriticalHeadersUnderstood,
  assertIdentifierClaimsAreStrings,
  assertMarkedAsAccessToken,
  assertBindingVerifiable,
  assertNotAnIdToken,
  assertNumericDatesAreFinite,
  assertSubjectIsString,
  dpopThumbprintOf,
  isTypedAccessToken,
} from './access-token-rules.ts';
import { createRegisteredClaimsCheck } from './registered-claims.ts';
import { readRoles } from './roles.ts';
import { createJwsVerifier, JWS_ALGORITHMS } from './verify-jws.ts';

/**
 * Signature algorithms we accept: asymmetric only (RFC 8725 §3.1, §3.2). No `none`, and no HMAC,
 * whose "secret" an attacker could set to our public key (algorithm confusion).
 */
export const ALLOWED_ALGORITHMS: readonly string[] = JWS_ALGORITHMS;

/** Clock skew allowed between the IdP and us, for `exp`, `nbf` and `iat` (RFC 7519 §4.1.4, §4.1.5). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The claims every access token must carry (RFC 9068 §2.2; `jti` and `client_id` are type-checked when present). */
export const REQUIRED_CLAIMS: readonly string[] = ['iss', 'sub', 'aud', 'exp', 'iat'];

/** Which claim the display name came from. */
export type NameSource = 'name' | 'preferred_username' | 'sub';

export interface RolesClaimFound {
  readonly status: RolesClaimStatus;
  /** The names it listed. */
  readonly names: readonly string[];
  /** When it was missing: the token's top-level claim names (not their values), to say where roles might be. */
  readonly tokenClaimNames: readonly string[];
}

/** What the API knows about the caller once the token checked out. */
export interface Principal {
  readonly sub: string;
  readonly name: string;
  readonly nameSource: NameSource;
  readonly roles: readonly Role[];
  /** What the roles claim held, for a log line when it granted nothing (see `misconfiguration-log.ts`). */
  readonly rolesClaim: RolesClaimFound;
  /**
   * When this token stops being good (epoch milliseconds): its `exp`, or sooner when the maximum
   * age since `iat` ends first. A request is over long before; a live stream it opened is ended
   * then (without the clock tolerance the guard allows at the door).
   */
  readonly expiresAtMs: number;
  /**
   * The thumbprint of the key the token is bound to (`cnf.jkt`, RFC 9449 §6.1), when it is
   * DPoP-bound: each request must then prove possession of that key (see `dpop/`).
   */
  readonly dpopJkt: string | undefined;
}

export interface AccessTokenPolicy {
  /** Exact `iss` (RFC 9068 §4: MUST match). */
  readonly issuer: string;
  /** Our resource's identifier, which `aud` must contain (RFC 9068 §4). */
  readonly audience: string;
  /** Where the roles are, in what format, and which names grant which role. */
  readonly roles: RolesConfig;
  /** `at+jwt`, or `dangerously-accept-JWT` for IdPs that type access tokens like ID tokens. */
  readonly typ: AccessTokenTyp;
  /** When `typ` does not say "access token": claims of which an access token carries at least one. */
  readonly accessTokenClaims: readonly string[];
  /** Claims that only ID tokens carry: any of them refuses the token. */
  readonly idTokenClaims: readonly string[];
  /** Tokens issued longer ago than this are refused, whatever their `exp`. */
  readonly maxAgeSeconds: number;
  /** `OIDC_DPOP`: with `off`, a token bound to a key is refused. */
  readonly dpop: DpopMode;
}

export type VerifyAccessToken = (token: string) => Promise<Principal>;

/**
 * Builds the verifier of JWT access tokens (RFC 9068 §4), in the spirit of oauth4webapi's
 * `validateJwtAccessToken`: the JWS and the registered claims first, then one small function per
 * rule for the rest. jose chooses and imports the keys; the signature is checked by node:crypto
 * (verify-jws.ts, which says why), the registered claims as jose's `jwtVerify` did
 * (registered-claims.ts).
 *
 * Checks, in order:
 * - {@link assertCriticalHeadersUnderstood}: no `crit` header parameter but `b64` (RFC 7515 §4.1.11);
 * - the JWS `alg` is in {@link ALLOWED_ALGORITHMS} (RFC 8725 §3.1), before any key is looked up;
 * - the signature, with a key from `getKey` chosen by `kid`/`alg` (RFC 9068 §4; a `kid` no key has
 *   is refused as `unknown_key`, a key that does not verify, or is not of the type and size `alg`
 *   needs, as `signature`). Keys come from the configured JWKS only: `jwk`, `jku`, `x5u` and `x5c`
 *   in the token's header are never read (RFC 8725 §3.10), and `kid` is only compared, as an
 *   opaque string, with the JWKS's `kid`s;
 * - `iss` equals the issuer exactly (RFC 9068 §4), `aud` is or contains our audience (RFC 9068 §4,
 *   RFC 8725 §3.9), {@link REQUIRED_CLAIMS} are present (RFC 9068 §2.2), `exp` is in the future and
 *   `nbf`, if any, in the past, within {@link CLOCK_TOLERANCE_SECONDS} (RFC 7519 §4.1.4, §4.1.5),
 *   and `iat` is neither in the future nor older than `maxAgeSeconds`;
 * The rules after these are in access-token-rules.ts, each refusing with its own `reason`:
 * - {@link assertAccessTokenType}: `typ` is `at+jwt` (RFC 9068 §4, RFC 8725 §3.11), or, with
 *   `dangerously-accept-JWT`, `JWT` or no `typ`;
 * - {@link assertNotAnIdToken}: none of the claims only ID tokens carry (`nonce`, `at_hash`,
 *   `c_hash` by default; OIDC Core §2);
 * - {@link assertMarkedAsAccessToken}: a token whose `typ` is not `at+jwt` carries a claim only
 *   access tokens carry (`scope`, `scp`, `client_id` by default; RFC 9068 §2.2);
 * - {@link assertNumericDatesAreFinite}: `exp`, `iat`, `nbf` are finite (RFC 7519 §2 NumericDate);
 * - {@link assertAudienceIsStringOrStrings}: `aud` is a string or an array of strings (RFC 7519 §4.1.3);
 * - {@link assertSubjectIsString}: `sub` is a non-empty string (RFC 9068 §2.2);
 * - {@link assertIdentifierClaimsAreStrings}: `client_id` and `jti`, when present, are strings;
 * - {@link assertBindingVerifiable}: no `cnf`, or a DPoP `cnf.jkt` (RFC 9449 §6.1) unless
 *   `OIDC_DPOP=off`; never a binding we cannot check (mTLS, RFC 8705 §3).
 * Roles are then read by `readRoles`, which grants only exact names from a list. A DPoP-bound
 * token's `cnf.jkt` is handed on in the principal: its proof, and whether it came under the right
 * scheme, are the auth plugin's to check (`dpop/`), since they are about the request, not the token.
 *
 * What tells an ID token from an access token, when both are typed `JWT`: not the audience (IdPs
 * put the client id in access tokens' `aud` too, and ID tokens from a refresh may name the API),
 * but claims that one kind carries and the other never does, per IdP (`OIDC_PROVIDER`).
 *
 * Does not check: `jti` replay (bearer tokens are replayable by design until `exp`), `client_id`
 * values (any client of the IdP that obtained a token for our audience may call us), `scope` (roles
 * decide access), `auth_time`/`acr` (no step-up here), or revocation (no introspection: we may not
 * POST to the IdP; short token lifetimes and the maximum age bound the window). A token is not
 * refused for *carrying* `jwk`, `jku`, `x5u` or `x5c` (some IdPs send `x5c`): they are ignored.
 * Roles are read, not enforced: see `requireRole`.
 *
 * @throws {InvalidTokenError} for any token that fails a rule.
 * @throws {KeysUnavailableError} when `getKey` has no key to verify with (IdP unreachable).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3
 */
export function createAccessTokenVerifier(policy: AccessTokenPolicy, getKey: JWTVerifyGetKey): VerifyAccessToken {
  const verifyJws = createJwsVerifier(getKey, ALLOWED_ALGORITHMS, assertCriticalHeadersUnderstood);
  // The same for every token: made once, not on every request.
  const assertRegisteredClaims = createRegisteredClaimsCheck({
    issuer: policy.issuer,
    audience: policy.audience,
    requiredClaims: REQUIRED_CLAIMS,
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    maxAgeSeconds: policy.maxAgeSeconds,
  });
  return async (token) => {
    const { header, payload } = await verifyJws(token);
    assertRegisteredClaims(payload);
    assertAccessTokenType(header, policy.typ);
    assertNotAnIdToken(payload, policy.idTokenClaims);
    if (!isTypedAccessToken(header)) assertMarkedAsAccessToken(payload, policy.accessTokenClaims);
    assertNumericDatesAreFinite(payload);
    assertAudienceIsStringOrStrings(payload);
    assertSubjectIsString(payload);
    assertIdentifierClaimsAreStrings(payload);
    assertBindingVerifiable(payload, policy.dpop);
    return toPrincipal(payload, policy);
  };
}

/** The display name: `name`, else `preferred_username`, else `sub` (OIDC Core §5.1 claim names). */
function toPrincipal(payload: JWTPayload & { sub: string }, policy: AccessTokenPolicy): Principal {
  const { name, nameSource } = displayNameOf(payload);
  const { roles, status, names } = readRoles(payload, policy.roles);
  return {
    sub: payload.sub,
    name,
    nameSource,
    roles,
    rolesClaim: { status, names, tokenClaimNames: status === 'missing' ? Object.keys(payload) : [] },
    expiresAtMs: expiryOf(payload, policy.maxAgeSeconds),
    dpopJkt: dpopThumbprintOf(payload),
  };
}

export function displayNameOf(payload: JWTPayload & { sub: string }): { name: string; nameSource: NameSource } {
  for (const claim of ['name', 'preferred_username'] as const) {
    const value = payload[claim];
    if (typeof value === 'string' && value.trim() !== '') return { name: value, nameSource: claim };
  }
  return { name: payload.sub, nameSource: 'sub' };
}

/** `exp`, or `iat` plus the maximum age if that comes first; both are present and finite by now. */
function expiryOf(payload: JWTPayload, maxAgeSeconds: number): number {
  const exp = payload.exp ?? 0;
  const iat = payload.iat ?? 0;
  return Math.min(exp, iat + maxAgeSeconds) * 1000;
}
