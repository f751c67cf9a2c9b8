/**
 * How the guard's refusals read on the wire (RFC 6750 §3): the `WWW-Authenticate: Bearer` challenge,
 * and `Cache-Control: no-store` on every answer, so no cache keeps an auth decision. Each guard
 * error (errors.ts) builds its answer from these.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */

/** The `realm` of our `WWW-Authenticate` challenges (RFC 6750 §3). */
export const REALM = 'api';

/** Every auth answer is `no-store`. */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store' };

/** RFC 6750 §3: `Bearer realm="api"[, error="…", error_description="…"]`. */
export function bearerChallenge(error?: string, description?: string): string {
  const params = [`realm="${REALM}"`];
  if (error !== undefined) params.push(`error="${error}"`);
  if (description !== undefined) params.push(`error_description="${toQuotable(description)}"`);
  return `Bearer ${params.join(', ')}`;
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no `"`, no `\`). */
function toQuotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}
