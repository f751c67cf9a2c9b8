import type { Backoff } from '../network/backoff';

/**
 * Every rule of the session that depends on time, in one place.
 *
 * Expiry is measured on this device's own clock: the IdP says how long a token lives (`expires_in`,
 * RFC 6749 §5.1, a duration), and we count from when the answer arrived. So a device clock that is
 * off changes nothing here. It matters only where the IdP's absolute times are compared with ours:
 * the ID token's `iat` and `exp` (OpenID Connect Core §3.1.3.7), checked with
 * {@link CLOCK_TOLERANCE_SECONDS} of slack.
 */

/**
 * How far this device's clock may differ from the IdP's before an ID token is refused as "issued in
 * the future" or "expired". Matches the API's own tolerance for access tokens.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Renew at most this long before expiry: a request never leaves with a token about to die. */
const MAX_RENEWAL_LEAD_MS = 30_000;

/** For a short-lived token, renew once this share of its life is left (20 s lifetime: 5 s before expiry). */
const RENEWAL_LEAD_SHARE = 0.25;

/** When an access token obtained `receivedAt` with `expires_in` of `expiresInSeconds` expires, in ms since the epoch. */
export function expiryOf(expiresInSeconds: number | undefined, receivedAt: number): number {
  return typeof expiresInSeconds === 'number' ? receivedAt + expiresInSeconds * 1000 : Number.POSITIVE_INFINITY;
}

/** When to renew a token that lives from `receivedAt` to `expiresAt`. */
export function renewalTimeOf(receivedAt: number, expiresAt: number): number {
  if (!Number.isFinite(expiresAt)) return Number.POSITIVE_INFINITY;
  const lead = Math.min(MAX_RENEWAL_LEAD_MS, (expiresAt - receivedAt) * RENEWAL_LEAD_SHARE);
  return expiresAt - lead;
}

/**
 * Two automatic sign-ins closer together than this are a loop (the fresh session failed at once),
 * and the second one is not made. Shorter than any sane token lifetime's renewal time, so a healthy
 * silent re-authentication never trips it.
 */
export const SIGN_IN_LOOP_WINDOW_MS = 10_000;

/** After the IdP could not be reached, the renewal is tried again after 2, 4, 8, then every 15 s. */
export const IDP_RETRY_BACKOFF: Backoff = { firstMs: 2_000, maxMs: 15_000 };
