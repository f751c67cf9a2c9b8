/** How long a probe waits for an answer. */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether a server answers at `url` at all, whatever its CORS rules: a `no-cors` request succeeds
 * (with an opaque answer the page cannot read) as soon as the server answered, and fails only when
 * nothing did. The browser reports "the server is down" and "the server's answer was hidden by
 * CORS" as the same `TypeError`; this probe tells them apart. It sends no credentials and reads
 * nothing.
 *
 * @see [Fetch Standard - opaque filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-opaque)
 */
export function isReachable(url: string, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<boolean> {
  return fetch(url, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) }).then(
    () => true,
    () => false,
  );
}
