/**
 * Check group 4: the token and revocation endpoints, which the SPA's token worker calls by CORS.
 * For each: a CORS preflight and one real POST that is bound to fail (a made-up code, a made-up
 * token), so nothing is issued or revoked. The error the token endpoint gives also tells whether it
 * knows the client as a public client.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config.ts';
import { redirectUriOf } from './authorization-checks.ts';
import { checkPreflight, checkResponseAllowsOrigin, preflightRequest } from './cors-checks.ts';
import { fail, pass, warn, type Finding } from './finding.ts';
import { probe, type ProbeResult, type ProbeOptions } from './http-probe.ts';
import type { VendorWords } from './vendor-words.ts';

const TOKEN_ENDPOINT = 'Token endpoint';
const REVOCATION_ENDPOINT = 'Revocation endpoint';

function formPost(origin: string, form: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  };
}

/** RFC 6749 §4.1.3 with RFC 7636 §4.5, as the SPA sends it, with a code that cannot exist. */
function invalidCodeExchange(config: AppConfig): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code: `doctor-invalid-${randomBytes(8).toString('hex')}`,
    redirect_uri: redirectUriOf(config),
    client_id: config.oidc.clientId,
    code_verifier: randomBytes(32).toString('base64url'),
  };
}

/**
 * `dpop`: whether the app sends DPoP proofs to this IdP (its token requests then carry a `DPoP`
 * header, which the CORS preflight must allow; revocation requests carry none).
 */
export async function checkTokenEndpoint(config: AppConfig, endpoint: string, words: VendorWords, options: ProbeOptions = {}, dpop = false): Promise<Finding[]> {
  const url = new URL(endpoint);
  const [preflight, exchange] = await Promise.all([
    probe(url, preflightRequest(config.appOrigin, dpop ? ['content-type', 'dpop'] : ['content-type']), options),
    probe(url, formPost(config.appOrigin, invalidCodeExchange(config)), options),
  ]);
  const cors = checkResponseAllowsOrigin(TOKEN_ENDPOINT, exchange, config.appOrigin, words);
  return [
    checkPreflight(TOKEN_ENDPOINT, preflight, config.appOrigin, words, dpop),
    oauthErrorOf(exchange)?.error === 'invalid_client' && cors.status === 'pass' ? withUnknownClientNote(cors) : cors,
    ...(exchange.ok ? [checkTokenError(exchange, config, words)] : []),
  ];
}

/** IdPs allow origins per client: for a client they do not know, CORS says little (oidc-provider then allows any). */
function withUnknownClientNote(finding: Finding): Finding {
  return { ...finding, details: [...finding.details, 'the IdP did not recognise the client, so this says little: run the doctor again once it does'] };
}

/** The OAuth error of a JSON error response (RFC 6749 §5.2), if it is one. */
export function oauthErrorOf(answer: ProbeResult): { error: string; description: string | undefined } | undefined {
  if (!answer.ok) return undefined;
  try {
    const { error, error_description: description } = JSON.parse(answer.text) as Record<string, unknown>;
    if (typeof error !== 'string') return undefined;
    return { error, description: typeof description === 'string' ? description : undefined };
  } catch {
    return undefined;
  }
}

/**
 * RFC 6749 §5.2: to a made-up code, a public client the IdP knows gets `invalid_grant`;
 * `invalid_client` means the IdP does not know the client id, or wants it to authenticate (a
 * confidential client, which a browser app cannot be: RFC 6749 §2.1); `unauthorized_client` means
 * the client may not use the authorization code grant.
 */
export function checkTokenError(answer: ProbeResult & { ok: true }, config: AppConfig, words: VendorWords): Finding {
  const oauth = oauthErrorOf(answer);
  const said = oauth === undefined ? `${answer.status}, not an OAuth error` : `${answer.status} ${oauth.error}${oauth.description === undefined ? '' : `: ${oauth.description}`}`;
  switch (oauth?.error) {
    case 'invalid_grant':
      return pass(`${TOKEN_ENDPOINT} knows the client as a public client`, `a made-up code got invalid_grant, as it should`);
    case 'invalid_client':
      return fail(
        `${TOKEN_ENDPOINT} refuses the client: make it a public client`,
        `it answered ${said}: the IdP does not know OIDC_CLIENT_ID=${config.oidc.clientId}, or wants a secret from it (a confidential client)`,
        `a browser app cannot keep a secret: ${words.publicClient}`,
      );
    case 'unauthorized_client':
      return fail(
        `${TOKEN_ENDPOINT}: the client may not use the authorization code grant`,
        `it answered ${said}`,
        `allow the authorization code grant for the client: ${words.publicClient}`,
      );
    default:
      return warn(
        `${TOKEN_ENDPOINT}: could not tell whether the IdP knows the client as a public client`,
        `a made-up code got ${said}; a public client the IdP knows gets invalid_grant (RFC 6749 section 5.2)`,
      );
  }
}

/** RFC 7009 §2.1: a public client revokes with its client id; an unknown token is answered 200. */
export async function checkRevocationEndpoint(config: AppConfig, endpoint: string, words: VendorWords, options: ProbeOptions = {}): Promise<Finding[]> {
  const url = new URL(endpoint);
  const form = { token: `doctor-invalid-${randomBytes(8).toString('hex')}`, token_type_hint: 'refresh_token', client_id: config.oidc.clientId };
  const [preflight, revocation] = await Promise.all([
    probe(url, preflightRequest(config.appOrigin), options),
    probe(url, formPost(config.appOrigin, form), options),
  ]);
  const oauth = oauthErrorOf(revocation);
  const refused = oauth?.error === 'invalid_client' || oauth?.error === 'unauthorized_client'
    ? [fail(`${REVOCATION_ENDPOINT} refuses the client`, `it answered ${oauth.error}${oauth.description === undefined ? '' : `: ${oauth.description}`}`, `a browser app cannot keep a secret: ${words.publicClient}`)]
    : [];
  return [
    checkPreflight(REVOCATION_ENDPOINT, preflight, config.appOrigin, words),
    checkResponseAllowsOrigin(REVOCATION_ENDPOINT, revocation, config.appOrigin, words),
    ...refused,
  ];
}
