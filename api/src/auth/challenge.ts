/**
 * How the guard's refusals read on the wire: the `WWW-Authenticate` challenges (RFC 6750 §3 for
 * Bearer, RFC 9449 §7.1 for DPoP), and `Cache-Control: no-store` on every answer, so no cache keeps
 * an auth decision. Each guard error (errors.ts) builds its answer from these.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */

/** The `realm` of our Bearer challenges (RFC 6750 §3). */
export const REALM = 'api';

/** Every auth answer is `no-store`. */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store' };

/** The authentication schemes of the `Authorization` header an access token may come in. */
export type AuthScheme = 'Bearer' | 'DPoP';

/**
 * What a challenge offers: the schemes the API accepts (`OIDC_DPOP`), the DPoP proof algorithms it
 * verifies, and the scheme the request used, if any (its error goes on that scheme's challenge).
 */
export interface ChallengeScope {
  readonly schemes: readonly AuthScheme[];
  readonly dpopAlgorithms: readonly string[];
  readonly used: AuthScheme | undefined;
}

/** Bearer only: the scope of an error thrown where no one said otherwise. */
export const BEARER_ONLY: ChallengeScope = { schemes: ['Bearer'], dpopAlgorithms: [], used: undefined };

/**
 * One challenge per scheme the API accepts, in one header field (RFC 9110 §11.6.1 allows a list):
 * `Bearer realm="api"[, error=…]` and `DPoP algs="ES256 …"[, error=…]`. The error and its
 * description go on the scheme the request used (else the first), so a client of either scheme
 * reads why it was refused and what the other would take.
 */
export function challengeOf(scope: ChallengeScope, error?: string, description?: string): string {
  const erring = scope.used !== undefined && scope.schemes.includes(scope.used) ? scope.used : scope.schemes[0];
  return scope.schemes
    .map((scheme) => {
      const params = scheme === 'Bearer' ? [`realm="${REALM}"`] : [];
      if (error !== undefined && scheme === erring) {
        params.push(`error="${error}"`);
        if (description !== undefined) params.push(`error_description="${toQuotable(description)}"`);
      }
      if (scheme === 'DPoP') params.push(`algs="${scope.dpopAlgorithms.join(' ')}"`);
      return `${scheme} ${params.join(', ')}`;
    })
    .join(', ');
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no `"`, no `\`). */
function toQuotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}
