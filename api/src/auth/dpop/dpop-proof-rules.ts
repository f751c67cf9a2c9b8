/**
 * The checks of a DPoP proof (RFC 9449 §4.3) that come with a DPoP-bound access token (§7.1), one
 * rule per function, each refusing with its own message and `reason`. `createDpopProofVerifier`
 * (verify-dpop-proof.ts) runs them in order; jose verifies the signature between the header rules
 * and the claim rules.
 */
import { createHash } from 'node:crypto';
import { TokenRefusal } from '@app/contracts';
import type { JWK, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { InvalidDpopProofError, InvalidTokenError } from '../errors.ts';

/**
 * Proof algorithms we verify: asymmetric only (RFC 9449 §4.3 check 5: not `none`, not a MAC). The
 * same list as for access tokens; the SPA signs with ES256.
 */
export const DPOP_ALGORITHMS: readonly string[] = [
  'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519',
];

/** How long after its `iat` a proof is accepted: it is made right before its request (RFC 9449 §11.1). */
export const PROOF_LIFETIME_SECONDS = 60;

/** How far the client's clock may be off ours, both ways, for `iat` (the guard allows tokens the same). */
export const PROOF_CLOCK_TOLERANCE_SECONDS = 30;

/** The longest `jti` we keep: it bounds what one proof costs the replay memory. */
export const MAX_JTI_LENGTH = 128;

/** JWK members that only private (or symmetric) keys have (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Key types that can carry a public key (RFC 7518 §6, RFC 8037 §2). */
const PUBLIC_KEY_TYPES: ReadonlySet<string> = new Set(['EC', 'RSA', 'OKP']);

function refuse(message: string): never {
  throw new InvalidDpopProofError(message);
}

/**
 * RFC 9449 §4.3 check 1: exactly one `DPoP` header. None: the token is DPoP-bound and its proof is
 * missing. Two: we could not know which one the client meant.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
export function assertOneProof(values: readonly string[]): string {
  if (values.length === 0) refuse('A DPoP-bound access token needs a DPoP proof');
  if (values.length > 1) refuse('The request has more than one DPoP header');
  return values[0]!;
}

/**
 * RFC 9449 §4.3 check 4: `typ` is `dpop+jwt` (RFC 8725 §3.11 explicit typing), so no other JWT
 * signed by the same key (an ID token, an access token) stands in for a proof. Compared as a media
 * type: any letter case, `application/` optional (RFC 7515 §4.1.9).
 */
export function assertProofType(header: ProtectedHeaderParameters): void {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
  if (typ !== 'dpop+jwt') refuse('The DPoP proof is not typed dpop+jwt');
}

/**
 * RFC 9449 §4.3 check 5: an asymmetric algorithm of {@link DPOP_ALGORITHMS}. Never `none` (an
 * unsigned "proof" proves nothing) nor HMAC (whose key the proof would have to carry).
 */
export function assertProofAlgorithm(header: ProtectedHeaderParameters): asserts header is ProtectedHeaderParameters & { alg: string } {
  if (typeof header.alg !== 'string' || !DPOP_ALGORITHMS.includes(header.alg)) refuse('The DPoP proof signing algorithm is not allowed');
}

/**
 * RFC 9449 §4.3 check 7: the `jwk` header is a public key. A proof carrying a private key (or a
 * symmetric one) is refused: its holder has published it, so it proves nothing, and we never want to
 * hold it.
 */
export function assertPublicJwk(header: ProtectedHeaderParameters): asserts header is ProtectedHeaderParameters & { jwk: JWK } {
  const { jwk } = header;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) refuse('The DPoP proof carries no public key (jwk)');
  if (typeof jwk.kty !== 'string' || !PUBLIC_KEY_TYPES.has(jwk.kty) || PRIVATE_JWK_MEMBERS.some((member) => Object.hasOwn(jwk, member))) {
    refuse('The DPoP proof key (jwk) must be a public key');
  }
}

/** RFC 9449 §4.2, §4.3 check 3: `jti`, `htm`, `htu` strings and `iat` a number; `jti` short enough to keep. */
export function assertProofClaims(payload: JWTPayload): asserts payload is JWTPayload & { jti: string; htm: string; htu: string; iat: number } {
  const { jti, iat } = payload;
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) refuse('The DPoP proof has no valid jti');
  if (typeof payload['htm'] !== 'string' || typeof payload['htu'] !== 'string') refuse('The DPoP proof has no htm or htu');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) refuse('The DPoP proof has no valid iat');
}

/**
 * RFC 9449 §4.3 check 8: `htm` is the request's method, so a proof made for a GET cannot carry a
 * DELETE.
 */
export function assertMethodMatches(payload: { htm: string }, method: string): void {
  if (payload.htm !== method) refuse('The DPoP proof was made for another HTTP method (htm)');
}

/**
 * RFC 9449 §4.3 check 9: `htu` is the request's URI without query and fragment, so a proof made for
 * one resource (or another server) cannot be sent to another. The expected URI is built from the
 * configured public origin (`APP_ORIGIN`), never from the `Host` header, which a client or proxy
 * sets. Both are compared in the URL standard's form (scheme and host in lower case, default port
 * and dot segments removed; RFC 9449 §4.3 and RFC 3986 §6.2.2, §6.2.3).
 */
export function assertUriMatches(payload: { htu: string }, appOrigin: string, requestTarget: string): void {
  const htu = URL.parse(payload.htu);
  // The request target's path only: an absolute-form target cannot bring its own origin.
  const path = new URL(requestTarget, 'http://request.invalid').pathname;
  if (htu === null || `${htu.origin}${htu.pathname}` !== `${new URL(appOrigin).origin}${path}`) {
    refuse('The DPoP proof was made for another URL (htu)');
  }
}

/**
 * RFC 9449 §4.3 check 11, §11.1: `iat` is recent, within {@link PROOF_LIFETIME_SECONDS} and
 * {@link PROOF_CLOCK_TOLERANCE_SECONDS} of our clock: an old proof found in a log or a proxy is
 * refused, and the replay memory only needs to hold proofs this young.
 */
export function assertIssuedRecently(payload: { iat: number }, nowSeconds: number): void {
  if (payload.iat < nowSeconds - PROOF_LIFETIME_SECONDS - PROOF_CLOCK_TOLERANCE_SECONDS) refuse('The DPoP proof is too old (iat)');
  if (payload.iat > nowSeconds + PROOF_CLOCK_TOLERANCE_SECONDS) refuse('The DPoP proof was made in the future (iat)');
}

/**
 * RFC 9449 §4.3 check 12, §7.1: `ath` is the base64url SHA-256 of the access token sent with it, so
 * a proof captured with one token cannot be sent with another.
 */
export function assertAccessTokenHash(payload: JWTPayload, accessToken: string): void {
  const ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
  if (payload['ath'] !== ath) refuse('The DPoP proof was not made for this access token (ath)');
}

/**
 * RFC 9449 §4.3 check 12, §6.1, §7.1: the proof's key is the one the token is bound to (its SHA-256
 * JWK thumbprint, RFC 7638, equals `cnf.jkt`). Someone who copied the token and signs with a key of
 * their own is refused here.
 */
export function assertBoundToProofKey(proofKeyThumbprint: string, boundTo: string): void {
  if (proofKeyThumbprint !== boundTo) {
    throw new InvalidTokenError('The access token is bound to another key than the DPoP proof', TokenRefusal.DpopBinding);
  }
}
