/** Doctor, check group 2: what the discovery document advertises for the SPA's flow. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiscoveryDocument } from '../../src/auth/keys/discovery.ts';
import { VENDOR_WORDS } from '../../src/doctor/vendor-words.ts';
import {
  checkDpop,
  checkEndSession,
  checkIssResponseParameter,
  checkPkce,
  checkRevocation,
  checkScopes,
  missingScopes,
} from '../../src/doctor/protocol-checks.ts';
import { assertFinding } from './support/findings.ts';

const ISSUER = 'https://idp.example.com';
const words = VENDOR_WORDS.generic;

function document(overrides: Partial<Record<keyof DiscoveryDocument, unknown>> = {}): DiscoveryDocument {
  const base: Record<string, unknown> = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `${ISSUER}/jwks`,
    end_session_endpoint: `${ISSUER}/logout`,
    revocation_endpoint: `${ISSUER}/revoke`,
    code_challenge_methods_supported: ['S256'],
    ...overrides,
  };
  for (const [name, value] of Object.entries(base)) if (value === undefined) delete base[name];
  return base as DiscoveryDocument;
}

describe('doctor: protocol support', () => {
  it('passes an IdP that lists S256', () => {
    assertFinding(checkPkce(document(), words), 'pass');
  });

  it('fails an IdP that lists PKCE methods without S256', () => {
    assertFinding(checkPkce(document({ code_challenge_methods_supported: ['plain'] }), words), 'fail', /lists plain, not S256/);
  });

  it('only warns when the IdP lists no PKCE method (Entra ID supports S256 without saying so)', () => {
    assertFinding(checkPkce(document({ code_challenge_methods_supported: undefined }), words), 'warn', /not advertised/);
  });

  it('warns when the IdP does not advertise the RFC 9207 iss parameter, saying what the defence relies on', () => {
    assertFinding(checkIssResponseParameter({}), 'warn', /exact redirect URI/);
    assertFinding(checkIssResponseParameter({ authorization_response_iss_parameter_supported: true }), 'pass');
  });

  it('warns about each scope of OIDC_SCOPES missing from scopes_supported, naming it', () => {
    const findings = checkScopes({ scopes_supported: ['openid', 'profile'] }, 'openid profile offline_access email');
    assert.equal(findings.length, 2);
    assertFinding(findings[0], 'warn', /Scope offline_access/, /invalid_scope/);
    assertFinding(findings[1], 'warn', /Scope email/);
  });

  it("does not expect an API's own scope (api://…) in scopes_supported", () => {
    assert.deepEqual(missingScopes({ scopes_supported: ['openid', 'profile'] }, 'openid profile api://1234/access_as_user'), []);
  });

  it('passes the scopes when the IdP lists none (the list is optional)', () => {
    assertFinding(checkScopes({}, 'openid profile')[0], 'pass', /does not list/);
  });

  it('warns when there is no end_session_endpoint: sign-out leaves the IdP session open', () => {
    assertFinding(checkEndSession(document({ end_session_endpoint: undefined }), undefined, words), 'warn', /cannot end the IdP session/);
  });

  it("passes a missing end_session_endpoint with a note when the preset has a logout fallback", () => {
    const fallback = { url: 'https://tenant.auth0.com/v2/logout', redirectParameter: 'returnTo' };
    assertFinding(checkEndSession(document({ end_session_endpoint: undefined }), fallback, words), 'pass', /v2\/logout \(with returnTo\)/);
  });

  it('warns when there is no revocation_endpoint: sign-out cannot revoke the refresh token', () => {
    assertFinding(checkRevocation(document({ revocation_endpoint: undefined })), 'warn', /cannot revoke the refresh token/);
  });

  it('passes an IdP that advertises DPoP with ES256: the app asks for tokens bound to its key', () => {
    assertFinding(checkDpop({ dpop_signing_alg_values_supported: ['ES256', 'EdDSA'] }, 'allowed'), 'pass', /DPoP is advertised \(ES256, EdDSA\): the app asks for tokens bound/);
  });

  it('passes an IdP without DPoP under OIDC_DPOP=allowed: bearer tokens, with a note', () => {
    assertFinding(checkDpop({}, 'allowed'), 'pass', /bearer tokens \(RFC 6750\): the IdP does not advertise DPoP/);
  });

  it('fails OIDC_DPOP=required against an IdP without DPoP: every token would be refused', () => {
    assertFinding(checkDpop({}, 'required'), 'fail', /OIDC_DPOP=required, but the IdP will not bind tokens/);
  });

  it('fails OIDC_DPOP=required against an IdP whose DPoP algorithms lack ES256, the app\'s', () => {
    assertFinding(checkDpop({ dpop_signing_alg_values_supported: ['PS256'] }, 'required'), 'fail', /required/);
  });

  it('says that OIDC_DPOP=off asks for bearer tokens even from an IdP that offers DPoP', () => {
    assertFinding(checkDpop({ dpop_signing_alg_values_supported: ['ES256'] }, 'off'), 'pass', /OIDC_DPOP=off: the app asks for bearer tokens \(the IdP offers DPoP/);
  });
});
