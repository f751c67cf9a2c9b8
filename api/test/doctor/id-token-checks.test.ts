/** Doctor, check group 6: a sample ID token, and whether the API would tell it from an access token. */
import { before, describe, it } from 'node:test';
import { SignJWT, type JWTPayload } from 'jose';
import { loadConfig } from '../../src/config.ts';
import type { TokenCheckContext } from '../../src/doctor/access-token-checks.ts';
import { checkIdToken } from '../../src/doctor/id-token-checks.ts';
import { VENDOR_WORDS } from '../../src/doctor/vendor-words.ts';
import { createSigningKey, jwksOf, type SigningKey } from '../fixtures/keys.ts';
import { nowSeconds } from '../fixtures/tokens.ts';
import { assertFinding, findingTitled } from './support/findings.ts';

const ISSUER = 'http://localhost:4000';

describe('doctor: sample ID token', () => {
  let key: SigningKey;
  before(async () => {
    key = await createSigningKey('idp-key');
  });

  function context(env: Record<string, string> = {}): TokenCheckContext {
    return { config: loadConfig({ OIDC_ISSUER: ISSUER, ...env }), keys: { jwks: jwksOf(key), where: 'the test JWKS' }, words: VENDOR_WORDS.generic, now: nowSeconds() };
  }

  async function idToken(claims: JWTPayload, typ = 'JWT'): Promise<string> {
    const now = nowSeconds();
    return new SignJWT({ iss: ISSUER, sub: 'alice', aud: 'web', iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
      .sign(key.privateKey);
  }

  it('passes an ID token of this IdP for this client, which its nonce tells apart', async () => {
    const findings = await checkIdToken(await idToken({ nonce: 'n' }), undefined, context({ OIDC_PROVIDER: 'okta' }));
    assertFinding(findingTitled(findings, /signature/), 'pass');
    assertFinding(findingTitled(findings, /iss/), 'pass');
    assertFinding(findingTitled(findings, /aud/), 'pass');
    assertFinding(findingTitled(findings, /refuse it as an access token/), 'pass', /it carries nonce \(OIDC_ID_TOKEN_CLAIMS\)/);
  });

  it('passes a Keycloak ID token by what it lacks: no scope (the keycloak preset does not count on nonce)', async () => {
    const findings = await checkIdToken(await idToken({ nonce: 'n' }), undefined, context({ OIDC_PROVIDER: 'keycloak' }));
    assertFinding(findingTitled(findings, /refuse it as an access token/), 'pass', /it carries none of scope \(OIDC_ACCESS_TOKEN_CLAIMS\)/);
  });

  it('says the typ gives an ID token away under the at+jwt policy', async () => {
    const findings = await checkIdToken(await idToken({}), undefined, context());
    assertFinding(findingTitled(findings, /refuse it as an access token/), 'pass', /its typ "JWT" gives it away/);
  });

  it('fails an ID token that nothing tells apart from an access token, naming both settings and the claims that differ', async () => {
    const token = await idToken({ scope: 'openid profile', name: 'Alice' });
    const accessToken = { iss: ISSUER, sub: 'alice', aud: 'web', scope: 'openid profile', realm_access: { roles: [] } };
    const findings = await checkIdToken(token, accessToken, context({ OIDC_PROVIDER: 'keycloak' }));
    assertFinding(
      findingTitled(findings, /nothing tells it apart/),
      'fail',
      /OIDC_ID_TOKEN_CLAIMS/,
      /OIDC_ACCESS_TOKEN_CLAIMS/,
      /claims only the ID token carries: iat, exp, name/,
      /claims only the access token carries: realm_access/,
    );
  });

  it('fails an ID token for another client, showing the client id to set', async () => {
    const findings = await checkIdToken(await idToken({ aud: 'other-spa', nonce: 'n' }), undefined, context());
    assertFinding(findingTitled(findings, /aud/), 'fail', /set OIDC_CLIENT_ID=other-spa/);
  });

  it('fails an ID token from another issuer', async () => {
    const findings = await checkIdToken(await idToken({ iss: 'https://elsewhere.example', nonce: 'n' }), undefined, context());
    assertFinding(findingTitled(findings, /iss/), 'fail', /"https:\/\/elsewhere\.example"/);
  });
});
