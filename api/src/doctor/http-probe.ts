/**
 * The doctor's one way to talk to the IdP: a single HTTP request, no redirects followed, no cookie
 * kept, a timeout, and the body read (so the socket is freed). A network failure becomes a sentence
 * naming the host and the error, never a stack trace.
 */

/** How long one request may take before it is reported as a timeout. */
export const PROBE_TIMEOUT_MS = 5_000;

/** The most of a body the doctor reads: enough for an error page or a JWKS, not a download. */
const MAX_BODY_CHARS = 256 * 1024;

export interface ProbeOptions {
  readonly timeoutMs?: number;
}

export interface ProbeAnswer {
  readonly ok: true;
  readonly status: number;
  readonly headers: Headers;
  /** The body as text (cut at {@link MAX_BODY_CHARS}). */
  readonly text: string;
}

export interface ProbeFailure {
  readonly ok: false;
  /** What went wrong, naming the host: `cannot connect to idp.example.com:443: connection refused (ECONNREFUSED)`. */
  readonly problem: string;
  /** What to look at, when the error suggests something. */
  readonly hints: readonly string[];
}

export type ProbeResult = ProbeAnswer | ProbeFailure;

/** Sends one request and reads the answer; never throws. */
export async function probe(url: URL, init: RequestInit = {}, { timeoutMs = PROBE_TIMEOUT_MS }: ProbeOptions = {}): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { ok: true, status: response.status, headers: response.headers, text: text.slice(0, MAX_BODY_CHARS) };
  } catch (error) {
    return { ok: false, ...describeNetworkError(error, url, timeoutMs) };
  }
}

/** Node's network error codes, in words. */
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed (temporary failure)',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
};

const UNTRUSTED_CA_HINT = 'a company CA? point NODE_EXTRA_CA_CERTS at its PEM file (the server needs it too)';

/** TLS certificate errors, in words, with what to look at. */
const CERTIFICATE_ERRORS: Readonly<Record<string, readonly [string, string]>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['its TLS certificate is not trusted here', UNTRUSTED_CA_HINT],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['its TLS certificate is not trusted here', UNTRUSTED_CA_HINT],
  SELF_SIGNED_CERT_IN_CHAIN: ['its TLS certificate is not trusted here', UNTRUSTED_CA_HINT],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['its TLS certificate is self-signed', UNTRUSTED_CA_HINT],
  CERT_HAS_EXPIRED: ['its TLS certificate has expired', 'the IdP team must renew it'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['its TLS certificate is for another host name', 'use the host name the certificate names (the IdP\'s public name) in OIDC_ISSUER'],
};

const PROXY_HINT = "behind a proxy? Node's fetch uses HTTPS_PROXY/HTTP_PROXY only with NODE_USE_ENV_PROXY=1";

export function describeNetworkError(error: unknown, url: URL, timeoutMs: number): Omit<ProbeFailure, 'ok'> {
  const host = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { problem: `no answer from ${host} within ${timeoutMs / 1000} s (timeout)`, hints: [PROXY_HINT] };
  }
  const code = errorCodeOf(error);
  const certificate = code === undefined ? undefined : CERTIFICATE_ERRORS[code];
  if (certificate !== undefined) return { problem: `${host}: ${certificate[0]} (${code})`, hints: [certificate[1]] };
  const words = code === undefined ? undefined : NETWORK_ERRORS[code];
  const problem = `cannot connect to ${host}: ${words ?? messageOf(error)}${code === undefined ? '' : ` (${code})`}`;
  return { problem, hints: code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' ? [PROXY_HINT] : [] };
}

/** `fetch failed` hides the reason in `cause` (sometimes two levels down, or in an AggregateError). */
function errorCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const { code, errors } = current as { code?: unknown; errors?: unknown };
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    if (Array.isArray(errors) && errors.length > 0) return errorCodeOf(errors[0]);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}
