/** The URL-shaped variables: where the API or the browser sends credentials, and the issuer. */

/** Hosts where plain http is allowed: this machine, for development. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on a loopback host (RFC 6749 §3.1, RFC 8414 §2: OAuth endpoints use TLS). */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * Parses a URL the API or the browser will send credentials to: https, or http on a loopback host
 * only (OAuth requires TLS: RFC 6749 §3.1, RFC 8414 §2; loopback is the development exception).
 */
export function parseSecureUrl(value: string): URL {
  if (!URL.canParse(value)) throw new Error('must be an absolute URL');
  const url = new URL(value);
  if (!isSecureUrl(url)) {
    throw new Error('must use https (http is allowed for localhost only)');
  }
  if (url.username !== '' || url.password !== '') throw new Error('must not contain credentials');
  return url;
}

export function parseOrigin(value: string): string {
  const url = parseSecureUrl(value);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error('must be an origin (scheme, host and optional port) without a path, query or fragment');
  }
  return url.origin;
}

/**
 * `OIDC_ACCESS_TOKEN_ISSUER`: an identifier the API compares with `iss` and never fetches, so plain
 * `http` passes (AD FS names its access tokens' issuer `http://<host>/adfs/services/trust`). Still an
 * absolute URL without query or fragment (RFC 8414 §2), kept verbatim.
 */
export function parseIssuerIdentifier(value: string): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new Error('must be an http(s) URL');
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    throw new Error('must not have a query or fragment (RFC 8414 section 2)');
  }
  return value;
}

/** RFC 8414 §2: the issuer is an https URL with no query or fragment. Kept verbatim: compared exactly. */
export function parseIssuer(value: string): string {
  const url = parseSecureUrl(value);
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    throw new Error('must not have a query or fragment (RFC 8414 section 2)');
  }
  return value;
}
