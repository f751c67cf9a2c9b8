/**
 * The DPoP proof verifier (RFC 9449 §4.3, §7.1): the rules of dpop-proof-rules.ts in order, jose for
 * the signature, then the replay memory.
 */
import { TokenRefusal } from '@app/contracts';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type ProtectedHeaderParameters } from 'jose';
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
 *   (check 7), before any cryptography;
 * - the signature, with that `jwk` (jose's `EmbeddedJWK`, check 6);
 * - `jti`, `htm`, `htu`, `iat` present (check 3); `htm` is the method (check 8); `htu` is
 *   `APP_ORIGIN` plus the request's path (check 9); `iat` within the window (check 11);
 * - `ath` is the hash of the access token sent with it (check 12);
 * - the proof's key is the one the token is bound to, `cnf.jkt` (check 12);
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
  return async (request) => {
    const proof = assertOneProof(request.proofs);
    const header = peekProtectedHeader(proof);
    assertProofType(header);
    assertProofAlgorithm(header);
    assertPublicJwk(header);
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { algorithms: [...DPOP_ALGORITHMS] }).catch((cause: unknown) => {
      throw new InvalidDpopProofError('The DPoP proof signature cannot be verified', TokenRefusal.DpopProof, { cause });
    });
    assertProofClaims(payload);
    assertMethodMatches(payload, request.method);
    assertUriMatches(payload, appOrigin, request.target);
    assertIssuedRecently(payload, Math.floor(now() / 1000));
    assertAccessTokenHash(payload, request.accessToken);
    assertBoundToProofKey(await calculateJwkThumbprint(header.jwk, 'sha256'), request.boundTo);
    if (!replayCache.record(payload.jti)) throw new InvalidDpopProofError('The DPoP proof was used before', TokenRefusal.DpopReplay);
  };
}

function peekProtectedHeader(proof: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(proof);
  } catch (cause) {
    throw new InvalidDpopProofError('The DPoP proof is malformed', TokenRefusal.DpopProof, { cause });
  }
}
