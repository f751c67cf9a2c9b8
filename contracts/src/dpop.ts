/**
 * How the API treats DPoP-bound access tokens (RFC 9449), `OIDC_DPOP`, which `GET /api/config` also
 * tells the SPA:
 * - `off`: bearer tokens only; a token bound to a key is refused (the SPA asks for none);
 * - `allowed`: a bound token must come with its proof, a bearer token still works (an IdP without DPoP);
 * - `required`: only bound tokens, each with its proof.
 */
export const DpopMode = {
  Off: 'off',
  Allowed: 'allowed',
  Required: 'required',
} as const;

export type DpopMode = (typeof DpopMode)[keyof typeof DpopMode];

export const DPOP_MODES: readonly DpopMode[] = Object.values(DpopMode);

/** The algorithm the SPA signs its DPoP proofs with (an ECDSA P-256 key made by WebCrypto). */
export const DPOP_CLIENT_ALGORITHM = 'ES256';

/**
 * Whether the SPA asks for DPoP-bound tokens: the API takes them (`OIDC_DPOP` not `off`) and the
 * IdP's discovery document lists the SPA's algorithm in `dpop_signing_alg_values_supported` (RFC
 * 9449 §5.1). Otherwise it sends no proof: an IdP without DPoP might refuse the header, or its CORS
 * the preflight the header brings.
 */
export function usesDpop(mode: DpopMode, idpAlgorithms: readonly string[] | undefined): boolean {
  return mode !== DpopMode.Off && (idpAlgorithms ?? []).includes(DPOP_CLIENT_ALGORITHM);
}
