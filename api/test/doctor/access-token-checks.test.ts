/** Doctor, check group 6: a sample access token, judged rule by rule with the token guard's own functions. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { loadConfig } from '../../src/config.ts';
import { checkAccessToken, checkIssuer, type TokenCheckContext } from '../../src/doctor/access-token-checks.ts';
import type { Finding } from '../../src/doctor/finding.ts';
import { VENDOR_WORDS } from '../../src/doctor/vendor-words.ts';
import { createSigningKey, jwksOf, type SigningKey } from '../fixtures/keys.ts';
import { accessTokenClaims, nowSeconds, signAccessToken } from '../fixtures/tokens.ts';
import { assertFinding, findingTitled, textOf } from './support/findings.ts';

const ISSUER = 'http://localhost:4000';

describe('doctor: sample access token', () => {
  let key: SigningKey;
  before(async () => {
    key = await createSigningKey('idp-key');
  });

  function context(env: Record<string, string> = {}): TokenCheckContext {
    return { config: loadConfig({ OIDC_ISSUER: ISSUER, ...env }), keys: { jwks: jwksOf(key), where: 'the test JWKS' }, words: VENDOR_WORDS.generic, now: nowSeconds() };
  }

  async function check(options: { claims?: Record<string, unknown>; header?: Record<string, unknown>; env?: Record<string, string>; idToken?: Record<string, unknown> } = {}): Promise<Finding[]> {
    const token = await signAccessToken(key, { issuer: ISSUER, ...(options.claims ? { claims: options.claims } : {}), ...(options.header ? { header: options.header } : {}) });
    const findings = await checkAccessToken(token, options.idToken, context(options.env));
    for (const finding of findings) assert.ok(!textOf(finding).includes(token), 'the token is never shown');
    return findings;
  }

  it('passes every rule of a good token, and the guard accepts it with its roles', async () => {
    const findings = await check();
    assert.deepEqual(findings.filter((finding) => finding.status !== 'pass').map(textOf), []);
    assertFinding(findingTitled(findings, /^Roles/), 'pass', /Roles: chat/);
    assertFinding(findingTitled(findings, /The API accepts/), 'pass', /sub "alice"/);
  });

  it('says a DPoP-bound sample is bound to the browser\'s key and that the API will need its proof; the guard\'s other rules still run', async () => {
    const jkt = 'N'.repeat(43);
    const findings = await check({ claims: { cnf: { jkt } } });
    assert.deepEqual(findings.filter((finding) => finding.status !== 'pass').map(textOf), []);
    assertFinding(findingTitled(findings, /DPoP-bound/), 'pass', new RegExp(`cnf.jkt ${jkt}`), /only with a DPoP proof signed by that key/);
    assertFinding(findingTitled(findings, /guard accepts/), 'pass', /with a DPoP proof of its key/, /every rule but the proof ran/);
  });

  it('still fails a DPoP-bound sample on the other rules (its audience is another API\'s)', async () => {
    const findings = await check({ claims: { cnf: { jkt: 'N'.repeat(43) }, aud: 'https://other.example/api' } });
    assertFinding(findingTitled(findings, /: aud /), 'fail');
    assert.ok(!findings.some((finding) => /guard accepts|The API accepts/.test(finding.title)));
  });

  it('fails a DPoP-bound sample with OIDC_DPOP=off, naming the variable', async () => {
    assertFinding(findingTitled(await check({ claims: { cnf: { jkt: 'N'.repeat(43) } }, env: { OIDC_DPOP: 'off' } }), /key binding/), 'fail', /OIDC_DPOP=allowed/);
  });

  it('fails a bearer sample with OIDC_DPOP=required: the API refuses bearer tokens', async () => {
    assertFinding(findingTitled(await check({ env: { OIDC_DPOP: 'required' } }), /key binding/), 'fail', /DPoP-bound access tokens only/, /OIDC_DPOP/);
  });

  it('says a bearer sample is a bearer token, usable by whoever holds a copy', async () => {
    assertFinding(findingTitled(await check(), /bearer token/), 'pass', /whoever holds a copy/);
  });

  it('fails an opaque token: the API cannot introspect, ask for JWT access tokens for its audience', async () => {
    const findings = await checkAccessToken('2YotnFZFEjr1zCsicMWpAA', undefined, context());
    assert.equal(findings.length, 1);
    assertFinding(findings[0], 'fail', /opaque/, /introspection, a POST to the IdP/, /JWT access tokens for the API's audience http:\/\/localhost:4200\/api/);
  });

  it('fails an encrypted (JWE) token', async () => {
    assertFinding((await checkAccessToken('a.b.c.d.e', undefined, context()))[0], 'fail', /encrypted \(JWE\)/);
  });

  it('fails a token whose aud is another API, showing the aud it has', async () => {
    const findings = await check({ claims: { aud: ['https://graph.example.com', 'web'] } });
    assertFinding(findingTitled(findings, /: aud /), 'fail', /\["https:\/\/graph\.example\.com","web"\]/, /OIDC_AUDIENCE is "http:\/\/localhost:4200\/api"/);
    assert.ok(!findings.some((finding) => /The API accepts/.test(finding.title)));
  });

  it('fails a token typed JWT under the at+jwt policy, naming OIDC_ACCESS_TOKEN_TYP', async () => {
    assertFinding(findingTitled(await check({ header: { typ: 'JWT' } }), /typ/), 'fail', /typ "JWT" is refused/, /OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT/);
  });

  it('lists the token\'s claim names when the roles claim is missing', async () => {
    const findings = await check({ claims: { roles: undefined, groups: ['chat'] } });
    assertFinding(findingTitled(findings, /^Roles/), 'warn', /no roles/, /its claims: .*groups/, /OIDC_ROLES_CLAIM/);
  });

  it('shows the names found when none matches the role map, and how to map them', async () => {
    const findings = await check({ claims: { roles: ['chat', 'APP-SALES'] }, env: { OIDC_ROLE_MAP: 'chat:APP-CHAT,analytics:APP-BI' } });
    assertFinding(findingTitled(findings, /^Roles/), 'warn', /none granted/, /lists chat, APP-SALES/, /chat for "APP-CHAT"/, /OIDC_ROLE_MAP/);
  });

  it('suggests OIDC_ROLES_FORMAT=space-separated for a roles string holding spaces', async () => {
    const findings = await check({ claims: { roles: 'chat analytics' } });
    assertFinding(findingTitled(findings, /^Roles/), 'warn', /OIDC_ROLES_FORMAT=space-separated/);
  });

  it('shows the roles granted after mapping, and by which names', async () => {
    const findings = await check({ claims: { roles: ['APP-CHAT', 'APP-BI', 'other'] }, env: { OIDC_ROLE_MAP: 'chat:APP-CHAT,analytics:APP-BI' } });
    assertFinding(findingTitled(findings, /^Roles/), 'pass', /Roles: chat, analytics/, /chat \(by APP-CHAT\), analytics \(by APP-BI\)/);
  });

  it('warns that users see their sub when neither token has a name', async () => {
    assertFinding(findingTitled(await check({ claims: { name: undefined } }), /Display name/), 'warn', /sub/);
  });

  it("says the app shows the ID token's name when only the ID token has one", async () => {
    const findings = await check({ claims: { name: undefined, preferred_username: 'alice' }, idToken: { name: 'Alice Liddell' } });
    assertFinding(findingTitled(findings, /Display name/), 'pass', /shows the ID token's name/, /preferred_username/);
  });

  it('warns about an expired sample and still checks its claims', async () => {
    const now = nowSeconds();
    const findings = await check({ claims: { iat: now - 4000, exp: now - 3700, aud: 'other' } });
    assertFinding(findingTitled(findings, /expired/), 'warn', /copy a fresh one/);
    assertFinding(findingTitled(findings, /: aud /), 'fail');
  });

  it('fails a token that lives longer than OIDC_ACCESS_TOKEN_MAX_AGE', async () => {
    const now = nowSeconds();
    const findings = await check({ claims: { iat: now, exp: now + 36_000 } });
    assertFinding(findingTitled(findings, /lives/), 'fail', /36000 s, more than OIDC_ACCESS_TOKEN_MAX_AGE \(7200 s\)/, /raise OIDC_ACCESS_TOKEN_MAX_AGE to 36000/);
  });

  it('fails a token carrying nonce as an ID token', async () => {
    assertFinding(findingTitled(await check({ claims: { nonce: 'n' } }), /ID token/), 'fail', /OIDC_ID_TOKEN_CLAIMS/);
  });

  it('fails a token typed JWT that carries nothing marking an access token', async () => {
    const findings = await check({ header: { typ: 'JWT' }, claims: { scope: undefined, client_id: undefined }, env: { OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT' } });
    assertFinding(findingTitled(findings, /nothing marks it/), 'fail', /OIDC_ACCESS_TOKEN_CLAIMS/);
  });

  it('fails a token signed by a key the JWKS lacks', async () => {
    const stranger = await createSigningKey('stranger');
    const token = await signAccessToken(stranger, { issuer: ISSUER });
    assertFinding(findingTitled(await checkAccessToken(token, undefined, context()), /signature/), 'fail', /no key in the test JWKS matches kid stranger/);
  });

  it("explains Entra ID's v1.0 issuer: requestedAccessTokenVersion 2, or OIDC_ACCESS_TOKEN_ISSUER", () => {
    const finding = checkIssuer(accessTokenClaims('https://sts.windows.net/72f988bf/'), context().config);
    assertFinding(finding, 'fail', /v1\.0/, /requestedAccessTokenVersion/, /OIDC_ACCESS_TOKEN_ISSUER=https:\/\/sts\.windows\.net\/72f988bf\//);
  });

  it('recognises a Microsoft Graph token by the nonce in its header: add the API scope to OIDC_SCOPES', async () => {
    const token = await new SignJWT(accessTokenClaims(ISSUER, { aud: '00000003-0000-0000-c000-000000000000' }))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', nonce: 'graph-nonce' })
      .sign(key.privateKey);
    const findings = await checkAccessToken(token, undefined, context());
    assert.equal(findings.length, 1);
    assertFinding(findings[0], 'fail', /Microsoft Graph/, /OIDC_SCOPES/);
  });
});
