/**
 * Whether a request may use its access token the way it sends it: the scheme matches the token's
 * binding, `OIDC_DPOP` allows the token, and a DPoP-bound token comes with a valid proof of
 * possession of its key (RFC 9449 §7). One rule per function; {@link createSenderConstraintCheck}
 * runs them after the token itself was verified.
 */
import { DpopMode, TokenRefusal } from '@app/contracts';
import type { AccessCredentials } from '../authorization-header.ts';
import type { AuthScheme, ChallengeScope } from '../challenge.ts';
import { InvalidTokenError } from '../errors.ts';
import { DPOP_ALGORITHMS } from './dpop-proof-rules.ts';
import type { VerifyDpopProof } from './verify-dpop-proof.ts';

/** The schemes an `Authorization` header is read under: DPoP too, unless `OIDC_DPOP=off`. */
export function schemesRead(mode: DpopMode): readonly AuthScheme[] {
  return mode === DpopMode.Off ? ['Bearer'] : ['Bearer', 'DPoP'];
}

/** What a 401 offers (RFC 9449 §7.1): Bearer unless `required`, DPoP with its algorithms unless `off`. */
export function challengeScope(mode: DpopMode, used: AuthScheme | undefined): ChallengeScope {
  const schemes: AuthScheme[] = mode === DpopMode.Off ? ['Bearer'] : mode === DpopMode.Required ? ['DPoP'] : ['Bearer', 'DPoP'];
  return { schemes, dpopAlgorithms: mode === DpopMode.Off ? [] : DPOP_ALGORITHMS, used };
}

/**
 * RFC 9449 §7.2: a DPoP-bound token sent as `Bearer` is refused. Whoever copied it (from a log, a
 * proxy, the page) would otherwise just drop the proof and the binding with it.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.2
 */
export function assertBoundTokenNotSentAsBearer(scheme: AuthScheme, boundTo: string | undefined): void {
  if (scheme === 'Bearer' && boundTo !== undefined) {
    throw new InvalidTokenError('The access token is DPoP-bound and cannot be used as a Bearer token', TokenRefusal.SenderConstrained);
  }
}

/**
 * RFC 9449 §7.1: the `DPoP` scheme is for DPoP-bound tokens. A bearer token sent under it, with a
 * proof of some key, proves nothing about that token: refused, so no one mistakes it for bound.
 */
export function assertSentAsDpopOnlyIfBound(scheme: AuthScheme, boundTo: string | undefined): void {
  if (scheme === 'DPoP' && boundTo === undefined) {
    throw new InvalidTokenError('The access token is not bound to a key: send it as a Bearer token', TokenRefusal.DpopBinding);
  }
}

/**
 * `OIDC_DPOP=required`: only DPoP-bound tokens. A bearer token, which anyone who copies it can use,
 * is refused, with a hint for the operator (the IdP issued it unbound).
 */
export function assertBearerAllowed(mode: DpopMode, boundTo: string | undefined): void {
  if (mode !== DpopMode.Required || boundTo !== undefined) return;
  throw new InvalidTokenError('This API accepts DPoP-bound access tokens only', TokenRefusal.DpopRequired, {
    hint: {
      variable: 'OIDC_DPOP',
      detail: 'a bearer token (no cnf.jkt) was refused because OIDC_DPOP=required: have the IdP issue DPoP-bound tokens to the client (and advertise dpop_signing_alg_values_supported), or set OIDC_DPOP=allowed',
    },
  });
}

/** A request whose access token verified, as the sender-constraint check needs it. */
export interface ConstrainedRequest {
  readonly credentials: AccessCredentials;
  /** The token's `cnf.jkt`, when it is DPoP-bound. */
  readonly boundTo: string | undefined;
  readonly proofs: readonly string[];
  readonly method: string;
  readonly target: string;
}

/**
 * Throws when a rule refuses the request; a promise (settled once the proof is checked) for a
 * DPoP-bound token, nothing for a bearer token that may be used as such: most requests need no
 * proof, and need not wait for one.
 */
export type CheckSenderConstraint = (request: ConstrainedRequest) => Promise<void> | undefined;

/**
 * Builds the check: the three rules above, then, for a DPoP-bound token, its proof
 * (verify-dpop-proof.ts). A bearer token with `OIDC_DPOP=allowed` passes with no proof; any `DPoP`
 * header sent with it is ignored.
 */
export function createSenderConstraintCheck(mode: DpopMode, verifyProof: VerifyDpopProof): CheckSenderConstraint {
  return ({ credentials, boundTo, proofs, method, target }) => {
    assertBoundTokenNotSentAsBearer(credentials.scheme, boundTo);
    assertSentAsDpopOnlyIfBound(credentials.scheme, boundTo);
    assertBearerAllowed(mode, boundTo);
    return boundTo === undefined ? undefined : verifyProof({ proofs, method, target, accessToken: credentials.token, boundTo });
  };
}
