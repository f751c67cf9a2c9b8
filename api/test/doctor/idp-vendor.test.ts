/** Doctor: which vendor's words it speaks, recognised from the issuer when OIDC_PROVIDER is generic. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recogniseVendor, speakingVendor, wordsFor } from '../../src/doctor/idp-vendor.ts';

describe('doctor: vendor words', () => {
  it('recognises each vendor by its issuer', () => {
    assert.equal(recogniseVendor('https://sso.example.com/realms/corp'), 'keycloak');
    assert.equal(recogniseVendor('https://login.microsoftonline.com/72f988bf/v2.0'), 'entra-id');
    assert.equal(recogniseVendor('https://example.okta.com/oauth2/default'), 'okta');
    assert.equal(recogniseVendor('https://example.oktapreview.com'), 'okta');
    assert.equal(recogniseVendor('https://example.eu.auth0.com/'), 'auth0');
    assert.equal(recogniseVendor('https://fs.example.com/adfs'), 'adfs');
    assert.equal(recogniseVendor('https://login.example.com'), undefined);
  });

  it('does not take a look-alike host for a vendor', () => {
    assert.equal(recogniseVendor('https://okta.com.evil.example'), undefined);
  });

  it('speaks for the recognised vendor only when OIDC_PROVIDER is generic', () => {
    assert.equal(speakingVendor('generic', 'keycloak'), 'keycloak');
    assert.equal(speakingVendor('okta', 'keycloak'), 'okta');
  });

  it("puts the app's origin and client id into the vendor's words", () => {
    const words = wordsFor('keycloak', { appOrigin: 'https://app.example.com', clientId: 'spa' });
    assert.match(words.corsOrigins, /Clients → spa → .*add https:\/\/app\.example\.com/);
    assert.ok(words.knownErrors.every((known) => !known.fix.includes('${APP_ORIGIN}')));
  });
});
