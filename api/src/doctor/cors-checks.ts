/**
 * CORS, as the browser sees it (Fetch standard, "CORS check"): the SPA reads a response of the IdP
 * only when `Access-Control-Allow-Origin` names its origin (or is `*`: the token request carries no
 * cookie). That goes for error responses too: without it, every error reaches the app as a bare
 * "network error", and neither the app nor its user can tell what went wrong.
 */
import { fail, pass, type Finding } from './finding.ts';
import type { ProbeResult } from './http-probe.ts';
import type { VendorWords } from './vendor-words.ts';

/**
 * What the browser sends before a cross-origin POST it may not send unasked (Fetch standard,
 * CORS-preflight request): with the `DPoP` header too when the app sends DPoP proofs (RFC 9449).
 */
export function preflightRequest(origin: string, requestHeaders: readonly string[] = ['content-type']): RequestInit {
  return {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders.join(',') },
  };
}

/** Whether a preflight's answer lets the browser send `header` (Fetch standard: listed, or `*`). */
export function allowsRequestHeader(headers: Headers, header: string): boolean {
  const allowed = (headers.get('access-control-allow-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
  return allowed.includes(header.toLowerCase()) || allowed.includes('*');
}

export function allowsOrigin(headers: Headers, origin: string): boolean {
  const allowed = headers.get('access-control-allow-origin');
  return allowed === origin || allowed === '*';
}

function describeAllowOrigin(headers: Headers): string {
  const allowed = headers.get('access-control-allow-origin');
  return allowed === null ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${allowed}`;
}

function corsFix(origin: string, words: VendorWords): string {
  return `allow the origin ${origin} by CORS (exactly: scheme, host, port; no path): ${words.corsOrigins}; if the app runs at another origin, set APP_ORIGIN to it`;
}

/** The preflight must allow our origin, and the `DPoP` header when the app sends proofs (`dpop`). */
export function checkPreflight(endpoint: string, answer: ProbeResult, origin: string, words: VendorWords, dpop = false): Finding {
  const title = `${endpoint}: CORS preflight allows APP_ORIGIN${dpop ? ' and the DPoP header' : ''}`;
  if (!answer.ok) return fail(`${endpoint}: CORS preflight failed`, answer.problem, ...answer.hints);
  const ok = answer.status >= 200 && answer.status < 300;
  if (ok && allowsOrigin(answer.headers, origin) && dpop && !allowsRequestHeader(answer.headers, 'dpop')) {
    return fail(
      `${endpoint}: CORS preflight refuses the DPoP header`,
      `OPTIONS answered Access-Control-Allow-Headers: ${answer.headers.get('access-control-allow-headers') ?? 'nothing'}: the browser will not send the app's DPoP proof`,
      'allow the DPoP request header by CORS at the IdP (it advertises DPoP, so it should), or set OIDC_DPOP=off to sign in with bearer tokens',
    );
  }
  if (ok && allowsOrigin(answer.headers, origin)) return pass(title);
  return fail(
    `${endpoint}: CORS preflight refuses APP_ORIGIN ${origin}`,
    `OPTIONS answered ${answer.status} with ${describeAllowOrigin(answer.headers)}`,
    corsFix(origin, words),
  );
}

/** The answer to a real (deliberately invalid) POST must carry our origin, error or not. */
export function checkResponseAllowsOrigin(endpoint: string, answer: ProbeResult, origin: string, words: VendorWords): Finding {
  if (!answer.ok) return fail(`${endpoint}: POST failed`, answer.problem, ...answer.hints);
  const kind = answer.status >= 400 ? 'error response' : 'response';
  if (allowsOrigin(answer.headers, origin)) return pass(`${endpoint}: its ${kind} carries CORS for APP_ORIGIN`);
  return fail(
    `${endpoint}: its ${kind} carries no CORS for APP_ORIGIN ${origin}`,
    `POST answered ${answer.status} with ${describeAllowOrigin(answer.headers)}: the browser hides this answer from the app, so every error looks like a network failure`,
    corsFix(origin, words),
  );
}
