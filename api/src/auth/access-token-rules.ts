/**
 * The token guard's rules beyond the JWS and its registered claims (verify-jws.ts,
 * registered-claims.ts), one rule per function, each throwing an
 * {@link InvalidTokenError} with its own `reason` (and, when the IdP's settings and ours disagree,
 * a hint for the operator's log). `createAccessTokenVerifier` (verify-access-token.ts) runs them in
 * order.
 */
import { DpopMode, TokenRefusal } from '@app/contracts';
import type { JWTHeaderParameters, JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { AccessTokenTyp } from '../provider-presets.ts';
import { InvalidTokenError } from './errors.ts';
import { quoted } from './quoted.ts';

/**
 * The `crit` extensions this API understands: `b64` only (RFC 7797, which a JWT may not turn off:
 * verify-jws.ts refuses `b64: false`). Anything else a token marks as critical, it must not accept.
 */
const UNDERSTOOD_CRITICAL_HEADERS: ReadonlySet<string> = new Set(['b64']);

/**
 * RFC 7515 §4.1.11: a `crit` header lists extensions the recipient must understand and process, or
 * refuse the token. We understand none but `b64`, so a token naming another is refused before any
 * key is looked up. A `crit` that is not a list of names the header carries is refused as
 * malformed by verify-jws.ts, which runs this rule first on every header it reads.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11
 */
export function assertCriticalHeadersUnderstood(header: ProtectedHeaderParameters): void {
  const { crit } = header;
  if (!Array.isArray(crit) || crit.every((name) => typeof name !== 'string' || UNDERSTOOD_CRITICAL_HEADERS.has(name))) return;
  throw new InvalidTokenError('The access token uses a header this API does not support', TokenRefusal.CriticalHeader);
}

/** `at+jwt` or `application/at+jwt`, any letter case (RFC 7515 §4.1.9). */
export function isTypedAccessToken(header: JWTHeaderParameters): boolean {
  return typeOf(header) === 'at+jwt';
}

function typeOf(header: JWTHeaderParameters): string | undefined {
  return typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
}

/**
 * RFC 9068 §4 and RFC 8725 §3.11: the `typ` header is `at+jwt` (or `application/at+jwt`, any letter
 * case, RFC 7515 §4.1.9). That is what tells an access token from an ID token signed by the same
 * keys. With `dangerously-accept-JWT`, `JWT` (or `application/jwt`) passes too, and so does no `typ`
 * at all (Okta, PingFederate); ID tokens are then refused by their claims alone
 * ({@link assertNotAnIdToken}, {@link assertMarkedAsAccessToken}). Another explicit type (a logout
 * token `logout+jwt`, a DPoP proof `dpop+jwt`…) never passes.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function assertAccessTokenType(header: JWTHeaderParameters, accepted: AccessTokenTyp): void {
  const typ = typeOf(header);
  if (typ === 'at+jwt' || (accepted === 'dangerously-accept-JWT' && (typ === 'jwt' || header.typ === undefined))) return;
  throw new InvalidTokenError(
    accepted === 'at+jwt'
      ? 'The token is not an access token (typ must be at+jwt)'
      : 'The token is not an access token (typ must be at+jwt or JWT)',
    TokenRefusal.TokenType,
    {
      hint: {
        variable: 'OIDC_ACCESS_TOKEN_TYP',
        detail: accepted === 'at+jwt'
          ? `the token's typ header is ${quoted(header.typ)}, not at+jwt: if the IdP types its access tokens like that, set OIDC_PROVIDER to its vendor, or OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT (ID tokens are then told apart by their claims)`
          : `the token's typ header is ${quoted(header.typ)}, which is no access token's`,
      },
    },
  );
}

/**
 * An ID token is proof of sign-in for the SPA, not a credential for us (OIDC Core §2; RFC 9068 §4
 * via `typ`). Refused, whatever its `typ`, when it carries a claim only ID tokens carry: `nonce`
 * (the authorization request's, echoed), `at_hash` and `c_hash` (OIDC Core §3.1.3.6, §3.3.2.11),
 * or another the IdP's preset names.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export function assertNotAnIdToken(payload: JWTPayload, idTokenClaims: readonly string[]): void {
  const found = idTokenClaims.filter((claim) => Object.hasOwn(payload, claim));
  if (found.length === 0) return;
  throw new InvalidTokenError('The token is an ID token, not an access token', TokenRefusal.IdToken, {
    hint: {
      variable: 'OIDC_ID_TOKEN_CLAIMS',
      detail: `a token carrying ${found.join(', ')} was refused as an ID token; if the IdP puts ${found.length > 1 ? 'these claims' : 'this claim'} in its access tokens, set OIDC_ID_TOKEN_CLAIMS to claims only its ID tokens carry`,
    },
  });
}

/**
 * When `typ` is `JWT` or absent, nothing in the header tells an access token from an ID token the
 * same keys signed; an access token must then carry a claim that only access tokens carry: `scope`,
 * `scp` or `client_id` (RFC 9068 §2.2, RFC 8693 §4.2) by default, or what the IdP's preset names.
 * An ID token with no `nonce` that names the API in its `aud` (some IdPs' ID tokens from a refresh)
 * is refused here.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export function assertMarkedAsAccessToken(payload: JWTPayload, accessTokenClaims: readonly string[]): void {
  if (accessTokenClaims.some((claim) => Object.hasOwn(payload, claim))) return;
  throw new InvalidTokenError('The token carries nothing that marks an access token', TokenRefusal.IdToken, {
    hint: {
      variable: 'OIDC_ACCESS_TOKEN_CLAIMS',
      detail: `a token typed JWT (or not typed) without any of ${accessTokenClaims.join(', ')} was refused as not an access token; if the IdP's access tokens carry none of them, set OIDC_ACCESS_TOKEN_CLAIMS to a claim only its access tokens carry`,
    },
  });
}

/**
 * RFC 7519 §2: a NumericDate is a number of seconds. JSON can still say `1e999` (Infinity), which
 * the registered-claims check takes as a number (as jose does): an `exp` that never comes. Refused.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-2
 */
export function assertNumericDatesAreFinite(payload: JWTPayload): void {
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    const value = payload[claim];
    if (value !== undefined && !Number.isFinite(value)) {
      throw new InvalidTokenError('The access token has a time claim that is not a finite number', TokenRefusal.Claims);
    }
  }
}

/**
 * RFC 7519 §4.1.3: `aud` is a string or an array of strings. The registered-claims check (as jose)
 * accepts an array that contains our audience whatever else it holds; a non-string member means a token minted by something that
 * does not follow the spec, so nothing in it is trusted.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3
 */
export function assertAudienceIsStringOrStrings(payload: JWTPayload): void {
  const { aud } = payload;
  if (typeof aud === 'string' || (Array.isArray(aud) && aud.every((member) => typeof member === 'string'))) return;
  throw new InvalidTokenError('The access token audience must be a string or an array of strings', TokenRefusal.Claims);
}

/**
 * RFC 9068 §2.2 (and RFC 7519 §4.1.2): `sub` is a string. It keys the user's data, so a number or
 * object must not be coerced into one.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export function assertSubjectIsString(payload: JWTPayload): asserts payload is JWTPayload & { sub: string } {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('The access token subject must be a non-empty string', TokenRefusal.Claims);
  }
}

/**
 * RFC 9068 §2.2: `client_id` and `jti` are strings. Not required (IdPs that predate RFC 9068 name the
 * client `azp` or `cid`), but when present, a token that types them wrongly is refused: whoever
 * logs or audits them later must not meet an object.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export function assertIdentifierClaimsAreStrings(payload: JWTPayload): void {
  for (const claim of ['client_id', 'jti'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'string') {
      throw new InvalidTokenError(`The access token ${claim} must be a string`, TokenRefusal.Claims);
    }
  }
}

/** RFC 7638 SHA-256 JWK thumbprint, base64url without padding: 43 characters. */
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * A token bound to a key names it in `cnf` (RFC 7800 §3.1). The API checks one kind of binding:
 * DPoP's `jkt`, the SHA-256 thumbprint of the key (RFC 9449 §6.1), whose proof the auth plugin then
 * verifies. A token bound another way (mTLS `x5t#S256`, RFC 8705 §3) is refused, and so is any
 * bound token with `OIDC_DPOP=off`: accepting it would silently drop the binding that makes a
 * stolen copy useless (RFC 9449 §7.2).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 */
export function assertBindingVerifiable(payload: JWTPayload, dpop: DpopMode): void {
  const { cnf } = payload;
  if (cnf === undefined) return;
  const isObject = typeof cnf === 'object' && cnf !== null && !Array.isArray(cnf);
  const members = isObject ? Object.keys(cnf) : [];
  const jkt = isObject ? (cnf as { jkt?: unknown }).jkt : undefined;
  if (members.length === 1 && typeof jkt === 'string' && JWK_THUMBPRINT.test(jkt) && dpop !== DpopMode.Off) return;
  throw new InvalidTokenError(
    dpop === DpopMode.Off && typeof jkt === 'string'
      ? 'The access token is DPoP-bound, and this API accepts bearer tokens only'
      : 'The access token is bound to a key in a way this API cannot check',
    TokenRefusal.SenderConstrained,
    dpop === DpopMode.Off
      ? { hint: { variable: 'OIDC_DPOP', detail: 'a token bound to a key (cnf) was refused because OIDC_DPOP=off: set OIDC_DPOP=allowed to accept DPoP-bound tokens with their proofs' } }
      : {},
  );
}

/** The thumbprint of the key a DPoP-bound token is bound to (`cnf.jkt`), once {@link assertBindingVerifiable} passed. */
export function dpopThumbprintOf(payload: JWTPayload): string | undefined {
  const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
  return typeof jkt === 'string' ? jkt : undefined;
}
