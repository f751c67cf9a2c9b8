/**
 * The token verifier called directly, one test per refusal reason: each rule refuses with its own
 * stable `reason` (the code the SPA and the log rely on), and a hint naming the setting when the
 * IdP's settings and ours disagree. The HTTP answers are pinned in access-token.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TokenRefusal } from '@app/contracts';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, KeysUnavailableError } from '../src/auth/errors.ts';
import { createAccessTokenVerifier, type AccessTokenPolicy, type VerifyAccessToken } from '../src/auth/verify-access-token.ts';
import { loadConfig } from '../src/config.ts';
import { createSigningKey, jwksOf, type SigningKey } from './fixtures/keys.ts';
import {
  accessTokenClaims,
  AUDIENCE,
  nowSeconds,
  signAccessToken,
  signRawJws,
  signWithPublicKeyAsHmacSecret,
  unsignedToken,
  type TokenOptions,
} from './fixtures/tokens.ts';

const ISSUER = 'https://idp.example.com';

const POLICY: AccessTokenPolicy = {
  issuer: ISSUER,
  audience: AUDIENCE,
  roles: loadConfig({}).oidc.roles,
  typ: 'at+jwt',
  accessTokenClaims: ['scope', 'scp', 'client_id'],
  idTokenClaims: ['nonce', 'at_hash', 'c_hash'],
  maxAgeSeconds: 7200,
  dpop: 'allowed',
};

describe('createAccessTokenVerifier, one refusal reason per rule', () => {
  let key: SigningKey;
  let verify: VerifyAccessToken;
  let verifyTypedLikeIdTokens: VerifyAccessToken;

  before(async () => {
    key = await createSigningKey('k1');
    const getKey = createLocalJWKSet(jwksOf(key));
    verify = createAccessTokenVerifier(POLICY, getKey);
    verifyTypedLikeIdTokens = createAccessTokenVerifier({ ...POLICY, typ: 'dangerously-accept-JWT' }, getKey);
  });

  const token = (options: Partial<TokenOptions> = {}) => signAccessToken(key, { issuer: ISSUER, ...options });

  /** The refusal `verify` throws for `token`; fails the test if it accepts it or throws anything else. */
  async function refusalOf(token: string, verifier: VerifyAccessToken = verify): Promise<InvalidTokenError> {
    const error = await verifier(token).then(
      () => assert.fail('the token was accepted'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof InvalidTokenError, `expected an InvalidTokenError, got ${String(error)}`);
    assert.ok(!error.message.includes(token) && !JSON.stringify(error.hint ?? {}).includes(token), 'the token is never repeated');
    return error;
  }

  it('accepts a valid access token and reads who the caller is', async () => {
    const principal = await verify(await token());
    assert.equal(principal.sub, 'alice');
    assert.deepEqual(principal.roles, ['chat']);
  });

  it(`refuses what is not a JWT: ${TokenRefusal.Malformed}`, async () => {
    assert.equal((await refusalOf('not.a.jwt')).reason, TokenRefusal.Malformed);
  });

  it(`refuses HS256 signed with the public key as secret, and alg none: ${TokenRefusal.Algorithm}`, async () => {
    assert.equal((await refusalOf(await signWithPublicKeyAsHmacSecret(key, ISSUER))).reason, TokenRefusal.Algorithm);
    assert.equal((await refusalOf(unsignedToken(ISSUER, key.kid))).reason, TokenRefusal.Algorithm);
  });

  it(`refuses a token signed by another key under a known kid: ${TokenRefusal.Signature}`, async () => {
    const impostor = await createSigningKey(key.kid);
    assert.equal((await refusalOf(await signAccessToken(impostor, { issuer: ISSUER }))).reason, TokenRefusal.Signature);
  });

  it(`refuses a token whose kid no key of the IdP has: ${TokenRefusal.UnknownKey}`, async () => {
    const stranger = await createSigningKey('not-in-the-jwks');
    assert.equal((await refusalOf(await signAccessToken(stranger, { issuer: ISSUER }))).reason, TokenRefusal.UnknownKey);
  });

  it(`refuses an unknown critical header parameter (crit): ${TokenRefusal.CriticalHeader}`, async () => {
    const header = { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true };
    const refused = await refusalOf(await signRawJws(key, JSON.stringify(accessTokenClaims(ISSUER)), header));
    assert.equal(refused.reason, TokenRefusal.CriticalHeader);
  });

  it(`refuses a token from another issuer, naming OIDC_ISSUER for the log: ${TokenRefusal.Issuer}`, async () => {
    const refused = await refusalOf(await token({ issuer: 'https://other-idp.example.com' }));
    assert.equal(refused.reason, TokenRefusal.Issuer);
    assert.equal(refused.hint?.variable, 'OIDC_ISSUER');
  });

  it(`refuses a token for another API, naming OIDC_AUDIENCE for the log: ${TokenRefusal.Audience}`, async () => {
    const refused = await refusalOf(await token({ claims: { aud: 'https://other.example.com/api' } }));
    assert.equal(refused.reason, TokenRefusal.Audience);
    assert.equal(refused.hint?.variable, 'OIDC_AUDIENCE');
  });

  it(`refuses a token typed JWT when only at+jwt is accepted: ${TokenRefusal.TokenType}`, async () => {
    const refused = await refusalOf(await token({ header: { typ: 'JWT' } }));
    assert.equal(refused.reason, TokenRefusal.TokenType);
    assert.equal(refused.hint?.variable, 'OIDC_ACCESS_TOKEN_TYP');
  });

  it(`refuses an ID token by a claim only ID tokens carry, whatever its typ: ${TokenRefusal.IdToken}`, async () => {
    const refused = await refusalOf(await token({ claims: { nonce: 'n-0S6_WzA2Mj' } }));
    assert.equal(refused.reason, TokenRefusal.IdToken);
    assert.equal(refused.hint?.variable, 'OIDC_ID_TOKEN_CLAIMS');
  });

  it(`refuses a token typed JWT that carries nothing marking an access token: ${TokenRefusal.IdToken}`, async () => {
    const unmarked = await token({ header: { typ: 'JWT' }, claims: { scope: undefined, client_id: undefined } });
    const refused = await refusalOf(unmarked, verifyTypedLikeIdTokens);
    assert.equal(refused.reason, TokenRefusal.IdToken);
    assert.equal(refused.hint?.variable, 'OIDC_ACCESS_TOKEN_CLAIMS');
  });

  it(`refuses an expired token: ${TokenRefusal.Expired}`, async () => {
    const refused = await refusalOf(await token({ claims: { iat: nowSeconds() - 600, exp: nowSeconds() - 120 } }));
    assert.equal(refused.reason, TokenRefusal.Expired);
  });

  it(`refuses a token not valid yet (nbf) or issued in the future (iat): ${TokenRefusal.NotYetValid}`, async () => {
    assert.equal((await refusalOf(await token({ claims: { nbf: nowSeconds() + 300 } }))).reason, TokenRefusal.NotYetValid);
    assert.equal((await refusalOf(await token({ claims: { iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 } }))).reason, TokenRefusal.NotYetValid);
  });

  it(`refuses a token older than the maximum age, naming OIDC_ACCESS_TOKEN_MAX_AGE: ${TokenRefusal.TooOld}`, async () => {
    const refused = await refusalOf(await token({ claims: { iat: nowSeconds() - 7260, exp: nowSeconds() + 3600 } }));
    assert.equal(refused.reason, TokenRefusal.TooOld);
    assert.equal(refused.hint?.variable, 'OIDC_ACCESS_TOKEN_MAX_AGE');
  });

  it(`refuses a token bound in a way the API cannot check (mTLS x5t#S256): ${TokenRefusal.SenderConstrained}`, async () => {
    assert.equal((await refusalOf(await token({ claims: { cnf: { 'x5t#S256': 'A'.repeat(43) } } }))).reason, TokenRefusal.SenderConstrained);
  });

  it(`refuses a DPoP-bound token with OIDC_DPOP=off, naming OIDC_DPOP: ${TokenRefusal.SenderConstrained}`, async () => {
    const verifyOff = createAccessTokenVerifier({ ...POLICY, dpop: 'off' }, createLocalJWKSet(jwksOf(key)));
    const refused = await refusalOf(await token({ claims: { cnf: { jkt: 'A'.repeat(43) } } }), verifyOff);
    assert.equal(refused.reason, TokenRefusal.SenderConstrained);
    assert.equal(refused.hint?.variable, 'OIDC_DPOP');
  });

  it(`refuses a cnf that is not an object (null, a bare thumbprint, a list): ${TokenRefusal.SenderConstrained}, never a 500`, async () => {
    for (const cnf of [null, 'A'.repeat(43), [{ jkt: 'A'.repeat(43) }]]) {
      assert.equal((await refusalOf(await token({ claims: { cnf } }))).reason, TokenRefusal.SenderConstrained);
    }
  });

  it('hands on the key a DPoP-bound token is bound to (cnf.jkt), for the proof check', async () => {
    const principal = await verify(await token({ claims: { cnf: { jkt: 'B'.repeat(43) } } }));
    assert.equal(principal.dpopJkt, 'B'.repeat(43));
  });

  it(`refuses claims of the wrong type or missing: ${TokenRefusal.Claims}`, async () => {
    const infiniteExp = JSON.stringify(accessTokenClaims(ISSUER)).replace(/"exp":\d+/, '"exp":1e999');
    const tokens = [
      await token({ claims: { sub: 42 } }),
      await token({ claims: { iat: undefined } }),
      await token({ claims: { exp: undefined } }),
      await token({ claims: { aud: [AUDIENCE, { admin: true }] } }),
      await token({ claims: { jti: 42 } }),
      await signRawJws(key, infiniteExp),
    ];
    for (const refused of tokens) assert.equal((await refusalOf(refused)).reason, TokenRefusal.Claims);
  });

  it('gives no hint for a token whose signature did not verify: its values are an attacker’s', async () => {
    const impostor = await createSigningKey(key.kid);
    const refused = await refusalOf(await signAccessToken(impostor, { issuer: 'https://other-idp.example.com' }));
    assert.equal(refused.hint, undefined);
  });

  it('passes on the key source’s own failure (the IdP unreachable) rather than refusing the token', async () => {
    const unavailable: JWTVerifyGetKey = async () => {
      throw new KeysUnavailableError(10);
    };
    await assert.rejects(createAccessTokenVerifier(POLICY, unavailable)(await token()), KeysUnavailableError);
  });
});
