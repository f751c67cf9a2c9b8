/**
 * Check group 2: what the discovery document advertises that the SPA relies on: PKCE with S256,
 * RFC 9207's `iss` response parameter, the scopes it asks for, sign-out and revocation, DPoP.
 * No request is made: these read the document only.
 */
import { DPOP_CLIENT_ALGORITHM, DpopMode, usesDpop } from '@app/contracts';
import type { DiscoveryDocument } from '../auth/keys/discovery.ts';
import type { LogoutFallbackConfig } from '../config.ts';
import { fail, pass, warn, type Finding } from './finding.ts';
import type { VendorWords } from './vendor-words.ts';

/**
 * RFC 7636 §4.2, RFC 9700 §2.1.1: the SPA always sends `code_challenge_method=S256`. An IdP that
 * lists methods without S256 will refuse it; one that lists none may still support it (Entra ID
 * does without saying so).
 */
export function checkPkce(document: DiscoveryDocument, words: VendorWords): Finding {
  const methods = document.code_challenge_methods_supported;
  if (methods === undefined) {
    return warn(
      'PKCE: code_challenge_methods_supported is not advertised',
      'some IdPs support S256 without saying so (Entra ID does); the client-id check below shows whether the IdP takes the request',
      `make sure the client requires PKCE with S256: ${words.pkce}`,
    );
  }
  if (methods.includes('S256')) return pass('PKCE with S256 is supported');
  return fail(
    `PKCE: the IdP lists ${methods.join(', ') || 'no method'}, not S256`,
    'the app sends S256 only (plain would expose the verifier: RFC 7636 section 4.2)',
    `ask the IdP team to enable PKCE with S256: ${words.pkce}`,
  );
}

/** RFC 9207: with the `iss` response parameter, the SPA can tell which IdP answered (mix-up defence). */
export function checkIssResponseParameter(metadata: Readonly<Record<string, unknown>>): Finding {
  if (metadata['authorization_response_iss_parameter_supported'] === true) {
    return pass('The IdP adds iss to authorization responses (RFC 9207)');
  }
  return warn(
    'The IdP does not advertise the iss response parameter (RFC 9207)',
    'the mix-up defence then relies on the exact redirect URI, registered for this app only: keep it that way',
  );
}

/** Resource-qualified scopes (`api://…/access_as_user`) belong to an API, and no IdP lists them in discovery. */
function isApiScope(scope: string): boolean {
  return scope.includes('://') || scope.includes('/');
}

/**
 * The scopes of `OIDC_SCOPES` that the IdP's `scopes_supported` does not list; none when it lists
 * nothing (RFC 8414 §2: the list is optional, and need not be complete).
 */
export function missingScopes(metadata: Readonly<Record<string, unknown>>, scopes: string): readonly string[] {
  const supported = metadata['scopes_supported'];
  if (!Array.isArray(supported)) return [];
  return scopes.split(' ').filter((scope) => !isApiScope(scope) && !supported.includes(scope));
}

/** What a missing scope costs, for the scopes whose loss is known. */
const MISSING_SCOPE_EFFECTS: Readonly<Record<string, string>> = {
  openid: 'without it there is no OpenID Connect sign-in at all',
  offline_access: 'the IdP may refuse the sign-in (invalid_scope) or issue no refresh token: remove offline_access from OIDC_SCOPES if the IdP issues refresh tokens without it (Keycloak does)',
  profile: 'the ID token may then carry no name, and the app shows a user id',
};

export function checkScopes(metadata: Readonly<Record<string, unknown>>, scopes: string): Finding[] {
  if (!Array.isArray(metadata['scopes_supported'])) return [pass('Scopes: the IdP does not list scopes_supported; nothing to compare')];
  const missing = missingScopes(metadata, scopes);
  if (missing.length === 0) return [pass(`Scopes ${scopes} are all in scopes_supported`)];
  return missing.map((scope) =>
    warn(
      `Scope ${scope} (OIDC_SCOPES) is not in the IdP's scopes_supported`,
      MISSING_SCOPE_EFFECTS[scope] ?? 'the IdP may refuse the sign-in with invalid_scope, or drop it',
      `remove ${scope} from OIDC_SCOPES, or ask the IdP team to allow it for the client`,
    ));
}

/** OIDC RP-Initiated Logout 1.0: without an end-session endpoint, sign-out leaves the IdP session open. */
export function checkEndSession(document: DiscoveryDocument, fallback: LogoutFallbackConfig | undefined, words: VendorWords): Finding {
  if (document.end_session_endpoint !== undefined) return pass('Sign-out: end_session_endpoint is advertised');
  if (fallback !== undefined) {
    return pass('Sign-out: no end_session_endpoint, the preset\'s logout URL is used instead', `${fallback.url} (with ${fallback.redirectParameter})`);
  }
  return warn(
    'No end_session_endpoint: sign-out cannot end the IdP session',
    'the next sign-in then goes through without a password while the IdP session lasts',
    'ask the IdP team to enable RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)',
    `and to register the post-logout redirect URI: ${words.postLogoutRedirectUris}`,
  );
}

/** RFC 7009: without a revocation endpoint, a refresh token outlives the sign-out. */
export function checkRevocation(document: DiscoveryDocument): Finding {
  if (document.revocation_endpoint !== undefined) return pass('Sign-out: revocation_endpoint is advertised (RFC 7009)');
  return warn(
    'No revocation_endpoint: sign-out cannot revoke the refresh token',
    'a copied refresh token keeps working until it expires: keep refresh-token lifetimes short at the IdP',
  );
}

/**
 * RFC 9449 §5.1: whether the IdP binds tokens to the browser's key, and what `OIDC_DPOP` makes of
 * it. The SPA asks for DPoP-bound tokens when the IdP lists ES256 (its algorithm) and the API takes
 * them; otherwise tokens stay bearer tokens, which `OIDC_DPOP=required` refuses.
 */
export function checkDpop(metadata: Readonly<Record<string, unknown>>, mode: DpopMode): Finding {
  const algs = dpopAlgorithmsOf(metadata);
  if (usesDpop(mode, algs)) {
    return pass(`DPoP is advertised (${algs.join(', ')}): the app asks for tokens bound to its browser key (RFC 9449), OIDC_DPOP=${mode}`);
  }
  if (mode === DpopMode.Off) {
    return pass(`OIDC_DPOP=off: the app asks for bearer tokens${algs.length > 0 ? ` (the IdP offers DPoP: ${algs.join(', ')}; OIDC_DPOP=allowed would bind tokens to the browser's key)` : ''}`);
  }
  const why = algs.length === 0
    ? 'the IdP does not advertise DPoP (dpop_signing_alg_values_supported)'
    : `the IdP's DPoP algorithms (${algs.join(', ')}) do not include ${DPOP_CLIENT_ALGORITHM}, the one the app signs with`;
  if (mode === DpopMode.Required) {
    return fail('OIDC_DPOP=required, but the IdP will not bind tokens to the browser\'s key', `${why}: every token would be a bearer token, and the API refuses them`, 'ask the IdP team to enable DPoP for the client, or set OIDC_DPOP=allowed');
  }
  return pass(`Tokens are bearer tokens (RFC 6750): ${why}`, 'with DPoP at the IdP, a copied access or refresh token would be useless without the browser\'s key (RFC 9449)');
}

/** The IdP's `dpop_signing_alg_values_supported` (RFC 9449 §5.1), names only; none when absent. */
export function dpopAlgorithmsOf(metadata: Readonly<Record<string, unknown>>): string[] {
  const listed = metadata['dpop_signing_alg_values_supported'];
  return Array.isArray(listed) ? listed.filter((alg): alg is string => typeof alg === 'string') : [];
}
