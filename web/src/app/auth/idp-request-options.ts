import * as oauth from 'oauth4webapi';

/** Options for every oauth4webapi request, in the page and in the token worker alike. */
export interface IdpRequestOptions {
  readonly signal: (url: string) => AbortSignal;
  readonly [oauth.allowInsecureRequests]?: boolean;
}

/** How long the browser waits for the IdP before giving up with a clear error. */
export const IDP_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Every IdP request times out. oauth4webapi refuses plain-HTTP endpoints: the dev IdP runs at
 * http://localhost, so HTTP is allowed for loopback hosts only; any other IdP must use HTTPS.
 */
export function requestOptionsFor(issuer: string): IdpRequestOptions {
  const { protocol, hostname } = new URL(issuer);
  const loopback = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  const signal = () => AbortSignal.timeout(IDP_REQUEST_TIMEOUT_MS);
  return protocol === 'http:' && loopback ? { signal, [oauth.allowInsecureRequests]: true } : { signal };
}
