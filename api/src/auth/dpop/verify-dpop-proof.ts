/**
 * The DPoP proof verifier (RFC 9449 §4.3, §7.1): the rules of dpop-proof-rules.ts in order, jose for
 * the signature, then the replay memory.
 */
import { TokenRefusal } from '@app/contracts';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK, type ProtectedHeaderParameters } from 'jose';
import { InvalidDpopProofError } from '../errors.ts';
import {
  assertAccessTokenHash,
  assertBoundToProofKey,
  assertIssuedRecently,
  assertMethodMatches,
  assertOneProof,
  assertProofAlgorithm,
  assertProofClaims,
  assertProofType,
  assertPublicJwk,
  assertUriMatches,
  DPOP_ALGORITHMS,
  PROOF_CLOCK_TOLERANCE_SECONDS,
  PROOF_LIFETIME_SECONDS,
} from './dpop-proof-rules.ts';
import type { ReplayCache } from './jti-replay-cache.ts';

/**
 * How long a proof's `jti` must be remembered from the moment it is accepted: its `iat` may be up to
 * the clock tolerance ahead of us, and it is accepted until its lifetime and the tolerance have
 * passed since that `iat`.
 */
export const PROOF_REPLAY_WINDOW_MS = (PROOF_LIFETIME_SECONDS + 2 * PROOF_CLOCK_TOLERANCE_SECONDS) * 1000;

/** How many proof keys are kept imported (one per browser signed in lately); past that, the oldest goes. */
export const PROOF_KEY_CACHE_SIZE = 10_000;

/** The request a DPoP-bound access token came with. */
export interface ProofRequest {
  /** Every `DPoP` header of the request. */
  readonly proofs: readonly string[];
  readonly method: string;
  /** The request target as received (`request.url`): only its path is used. */
  readonly target: string;
  readonly accessToken: string;
  /** The thumbprint the token is bound to (`cnf.jkt`). */
  readonly boundTo: string;
}

export type VerifyDpopProof = (request: ProofRequest) => Promise<void>;

export interface DpopProofPolicy {
  /** `APP_ORIGIN`: the origin every `htu` must name (never the request's `Host`). */
  readonly appOrigin: string;
  readonly replayCache: ReplayCache;
  /** Wall-clock time in milliseconds, for `iat`. */
  readonly now?: () => number;
}

/**
 * Builds the verifier of the DPoP proof that comes with a DPoP-bound access token. Checks, in order:
 * - one `DPoP` header (§4.3 check 1);
 * - its header: `typ` `dpop+jwt` (check 4), an allowed asymmetric `alg` (check 5), a public `jwk`
 *   (check 7), and that `jwk` is the key the token is bound to, `cnf.jkt` (§7.1, check 12), before
 *   any signature is checked: a thief's proof costs a hash;
 * - the signature, with that `jwk` (check 6), imported once per key and `alg`: its RFC 7638
 *   thumbprint fixes the key material, so the cached key is the one the `jwk` names (a cache of
 *   keys, never of proofs or their results);
 * - `jti`, `htm`, `htu`, `iat` present (check 3); `htm` is the method (check 8); `htu` is
 *   `APP_ORIGIN` plus the request's path (check 9); `iat` within the window (check 11);
 * - `ath` is the hash of the access token sent with it (check 12);
 * - and last, only for a proof that passed all of that, its `jti` was never seen (§11.1).
 *
 * Does not check `nonce`: this API issues none (it would need a secret shared by its instances), so
 * the `iat` window alone bounds a proof's life. A proof that carries one is not refused for it.
 *
 * @throws {InvalidDpopProofError} `dpop_proof` or `dpop_replay`.
 * @throws {InvalidTokenError} `dpop_binding`: the proof's key is not the token's.
 * @throws {ReplayCacheFullError} when the replay memory cannot take another proof.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
export function createDpopProofVerifier({ appOrigin, replayCache, now = Date.now }: DpopProofPolicy): VerifyDpopProof {
  const importKey = createProofKeyImporter(PROOF_KEY_CACHE_SIZE);
  return async (request) => {
    const proof = assertOneProof(request.proofs);
    const header = peekProtectedHeader(proof);
    assertProofType(header);
    assertProofAlgorithm(header);
    assertPublicJwk(header);
    const thumbprint = await calculateJwkThumbprint(header.jwk, 'sha256').catch((cause: unknown) => {
      throw new InvalidDpopProofError('The DPoP proof key (jwk) must be a public key', TokenRefusal.DpopProof, { cause });
    });
    assertBoundToProofKey(thumbprint, request.boundTo);
    const { payload } = await importKey(header.jwk, header.alg, thumbprint)
      .then((key) => jwtVerify(proof, key, { algorithms: [...DPOP_ALGORITHMS] }))
      .catch((cause: unknown) => {
        throw new InvalidDpopProofError('The DPoP proof signature cannot be verified', TokenRefusal.DpopProof, { cause });
      });
    assertProofClaims(payload);
    assertMethodMatches(payload, request.method);
    assertUriMatches(payload, appOrigin, request.target);
    assertIssuedRecently(payload, Math.floor(now() / 1000));
    assertAccessTokenHash(payload, request.accessToken);
    if (!replayCache.record(payload.jti)) throw new InvalidDpopProofError('The DPoP proof was used before', TokenRefusal.DpopReplay);
  };
}

/**
 * Imports a proof's public key once per thumbprint and algorithm (importing is about a third of a
 * proof's cost). Keyed by the RFC 7638 thumbprint, which covers every member that makes the key,
 * and the `alg` (an RSA key imports differently for RS256 and PS256). Bounded: a flood of keys only
 * makes imports happen again.
 */
function createProofKeyImporter(capacity: number): (jwk: JWK, alg: string, thumbprint: string) => Promise<CryptoKey> {
  const keys = new Map<string, Promise<CryptoKey>>();
  return (jwk, alg, thumbprint) => {
    const name = `${thumbprint} ${alg}`;
    let key = keys.get(name);
    if (key === undefined) {
      if (keys.size >= capacity) keys.delete(keys.keys().next().value!);
      key = importJWK(jwk, alg) as Promise<CryptoKey>;
      keys.set(name, key);
      // A key that does not import is not kept.
      key.catch(() => keys.delete(name));
    }
    return key;
  };
}

function peekProtectedHeader(proof: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(proof);
  } catch (cause) {
    throw new InvalidDpopProofError('The DPoP proof is malformed', TokenRefusal.DpopProof, { cause });
  }
}
