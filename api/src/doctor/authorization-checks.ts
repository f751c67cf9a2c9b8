/**
 * Check group 3: does the IdP take the app's authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3)?
 * One GET, as the SPA would send it, without following the answer: a redirect to a sign-in page
 * means the client id and the redirect URI were accepted. No one signs in and no cookie is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppPath } from '@app/contracts';
import type { AppConfig } from '../config.ts';
import { fail, pass, type Finding } from './finding.ts';
import { probe, type ProbeAnswer, type ProbeOptions } from './http-probe.ts';
import { findIdpError, pageText, type IdpErrorFound } from './idp-error-text.ts';
import type { VendorWords } from './vendor-words.ts';

/** The redirect URI the IdP must have registered for the SPA, exactly. */
export function redirectUriOf(config: AppConfig): string {
  return `${config.appOrigin}${AppPath.AuthCallback}`;
}

/** The authorization request the SPA sends, with a real S256 challenge (of a verifier thrown away). */
export function authorizationRequestUrl(config: AppConfig, authorizationEndpoint: string): URL {
  const url = new URL(authorizationEndpoint);
  const verifier = randomBytes(32).toString('base64url');
  const parameters = {
    ...config.oidc.authorizationParameters,
    client_id: config.oidc.clientId,
    redirect_uri: redirectUriOf(config),
    response_type: 'code',
    scope: config.oidc.scopes,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

export async function checkAuthorizationRequest(
  config: AppConfig,
  authorizationEndpoint: string,
  words: VendorWords,
  options: ProbeOptions = {},
): Promise<Finding> {
  const url = authorizationRequestUrl(config, authorizationEndpoint);
  const answer = await probe(url, { headers: { accept: 'text/html' } }, options);
  if (!answer.ok) return fail(`Authorization endpoint ${url.origin}${url.pathname} unreachable`, answer.problem, ...answer.hints);
  return interpretAuthorizationAnswer(answer, url, config, words);
}

const ACCEPTED = 'The IdP accepts the client id and the redirect URI';

/**
 * A redirect to the app with `error=` means the client and redirect URI passed (RFC 6749 §4.1.2.1:
 * an IdP never redirects to an unverified URI) and something else was refused; a redirect elsewhere
 * is the sign-in page; an error status, or a page that shows an error, is the IdP refusing the client
 * or the redirect URI (RFC 6749 §4.1.2.1, first paragraph: it must not redirect then).
 */
export function interpretAuthorizationAnswer(answer: ProbeAnswer, request: URL, config: AppConfig, words: VendorWords): Finding {
  const redirectUri = redirectUriOf(config);
  const location = answer.headers.get('location');
  if (answer.status >= 300 && answer.status < 400 && location !== null) {
    const next = new URL(location, request);
    const error = next.searchParams.get('error') ?? new URLSearchParams(next.hash.slice(1)).get('error');
    const description = next.searchParams.get('error_description') ?? new URLSearchParams(next.hash.slice(1)).get('error_description');
    if (`${next.origin}${next.pathname}` === redirectUri) {
      return error === null
        ? pass(ACCEPTED, 'it redirected straight back to the app')
        : refusedAfterAcceptingClient(error, description, config, words);
    }
    if (error !== null) {
      const said = `${error}${description === null ? '' : `: ${description}`}`;
      return refusedClientOrRedirect(answer.status, { topic: 'other', ...findIdpError(said, words), excerpt: said }, config, words);
    }
    return pass(ACCEPTED, `it redirected to its sign-in page, at ${next.origin}`);
  }
  const text = pageText(answer.text);
  const error = findIdpError(text, words);
  if (answer.status === 200 && error === undefined) return pass(ACCEPTED, 'it showed a page with no error on it: its sign-in page');
  return refusedClientOrRedirect(answer.status, error ?? { excerpt: text.slice(0, 200) || '(empty page)', topic: 'other' }, config, words);
}

function refusedClientOrRedirect(status: number, error: IdpErrorFound, config: AppConfig, words: VendorWords): Finding {
  const fixes = error.fix !== undefined
    ? [error.fix]
    : error.topic === 'client' ? [clientFix(config, words)]
    : error.topic === 'redirect_uri' ? [redirectFix(config, words)]
    : error.topic === 'grant' ? [grantFix(words)]
    : error.topic === 'scope' ? [scopeFix(config)]
    : [clientFix(config, words), redirectFix(config, words)];
  return fail(
    'The IdP refuses the authorization request',
    `it answered ${status}: "${error.excerpt}"`,
    ...(error.meaning === undefined ? [] : [error.meaning]),
    ...fixes,
  );
}

function refusedAfterAcceptingClient(error: string, description: string | null, config: AppConfig, words: VendorWords): Finding {
  const fix = error === 'invalid_scope' ? scopeFix(config)
    : error === 'unauthorized_client' || error === 'unsupported_response_type' ? grantFix(words)
    : error === 'invalid_target' ? `the IdP does not know the resource OIDC_AUDIENCE=${config.oidc.audience}: ${words.audience}`
    : `see what the IdP said, and ${words.clientSettings}`;
  return fail(
    'The IdP accepts the client and redirect URI but refuses the request',
    `it redirected back with error=${error}${description === null ? '' : `: ${description}`}`,
    fix,
  );
}

function clientFix(config: AppConfig, words: VendorWords): string {
  return `is OIDC_CLIENT_ID=${config.oidc.clientId} a client id the IdP knows? see ${words.clientSettings}`;
}

function redirectFix(config: AppConfig, words: VendorWords): string {
  return `register the redirect URI ${redirectUriOf(config)} exactly (scheme, host, port, path): ${words.redirectUris}; if the app runs at another origin, set APP_ORIGIN to it`;
}

function grantFix(words: VendorWords): string {
  return `allow the authorization code flow for the client: ${words.publicClient}`;
}

function scopeFix(config: AppConfig): string {
  return `one of OIDC_SCOPES (${config.oidc.scopes}) is refused: remove it, or ask the IdP team to allow it for the client`;
}
