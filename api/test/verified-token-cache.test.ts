/**
 * The verified-token cache alone, around the real verifier and real ES256 tokens: when it answers
 * from memory, when it must verify again, and how much it may hold. Its clock and the key set's
 * version are the test's to turn. Through the whole app (forged tokens, DPoP, key rotation): see
 * verified-token-guard.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TokenRefusal } from '@app/contracts';
import { createLocalJWKSet } from 'jose';
import { InvalidTokenError } from '../src/auth/errors.ts';
import {
  createVerifiedTokenCache,
  estimateEntryBytes,
  type VerifiedTokenCacheLimits,
} from '../src/auth/verified-token-cache.ts';
import { createAccessTokenVerifier, type AccessTokenPolicy, type Principal, type VerifyAccessToken } from '../src/auth/verify-access-token.ts';
import { loadConfig } from '../src/config.ts';
import { createSigningKey, jwksOf, type SigningKey } from './fixtures/keys.ts';
import { AUDIENCE, nowSeconds, signAccessToken, type TokenOptions } from './fixtures/tokens.ts';

const ISSUER = 'https://idp.example.com';
const MAX_AGE_SECONDS = 7200;
const POLICY: AccessTokenPolicy = {
  issuer: ISSUER,
  audience: AUDIENCE,
  roles: loadConfig({}).oidc.roles,
  typ: 'at+jwt',
  accessTokenClaims: ['scope', 'scp', 'client_id'],
  idTokenClaims: ['nonce', 'at_hash', 'c_hash'],
  maxAgeSeconds: MAX_AGE_SECONDS,
  dpop: 'allowed',
};

describe('verified-token cache', () => {
  let key: SigningKey;
  let verifier: VerifyAccessToken;

  before(async () => {
    key = await createSigningKey('k1');
    verifier = createAccessTokenVerifier(POLICY, createLocalJWKSet(jwksOf(key)));
  });

  const token = (options: Partial<TokenOptions> = {}) => signAccessToken(key, { issuer: ISSUER, ...options });

  /** The cache around the real verifier, counting how often it had to verify, with a clock and key set the test moves. */
  function cacheWith(limits?: VerifiedTokenCacheLimits) {
    const state = { verifications: 0, clockMs: Date.now(), keySet: 'v1' as string | undefined };
    const counted: VerifyAccessToken = (token) => {
      state.verifications += 1;
      return verifier(token);
    };
    const cache = createVerifiedTokenCache(counted, {
      keySetVersion: () => state.keySet,
      now: () => state.clockMs,
      ...(limits === undefined ? {} : { limits }),
    });
    return { state, ...cache };
  }

  it('verifies a repeated token once, and answers it from memory with the same principal', async () => {
    const { state, verify } = cacheWith();
    const repeated = await token();
    const first = await verify(repeated);
    const second = await verify(repeated);
    assert.equal(state.verifications, 1);
    assert.deepEqual(second, first);
  });

  it('verifies again once the token is past its exp (an entry never outlives the token)', async () => {
    const { state, verify } = cacheWith();
    const shortLived = await token({ claims: { exp: nowSeconds() + 60 } });
    await verify(shortLived);
    state.clockMs += 59_000;
    await verify(shortLived);
    assert.equal(state.verifications, 1, 'still within exp: from memory');
    state.clockMs += 2_000;
    await verify(shortLived);
    assert.equal(state.verifications, 2, 'past exp: verified again');
  });

  it('verifies again once the token is older than OIDC_ACCESS_TOKEN_MAX_AGE, though its exp is far away', async () => {
    const { state, verify } = cacheWith();
    const now = nowSeconds();
    const old = await token({ claims: { iat: now - MAX_AGE_SECONDS + 60, exp: now + 3600 } });
    await verify(old);
    state.clockMs += 61_000;
    await verify(old);
    assert.equal(state.verifications, 2);
  });

  it('does not remember a token already past its exp but within the clock tolerance', async () => {
    const { state, verify, size } = cacheWith();
    const justExpired = await token({ claims: { exp: nowSeconds() - 5 } });
    await verify(justExpired);
    await verify(justExpired);
    assert.equal(state.verifications, 2);
    assert.equal(size().entries, 0);
  });

  it('drops an entry when the key set changes (its key may have left the JWKS)', async () => {
    const { state, verify } = cacheWith();
    const repeated = await token();
    await verify(repeated);
    state.keySet = 'v2';
    await verify(repeated);
    assert.equal(state.verifications, 2);
  });

  it('answers nothing from memory while there are no keys to trust without asking (past OIDC_JWKS_MAX_STALE)', async () => {
    const { state, verify, size } = cacheWith();
    const repeated = await token();
    await verify(repeated);
    state.keySet = undefined;
    await verify(repeated);
    await verify(repeated);
    assert.equal(state.verifications, 3);
    assert.equal(size().entries, 0);
  });

  it('caches nothing verified while the key set changed under it (a rotation during verification)', async () => {
    const state = { verifications: 0, keySet: 'v1' };
    const rotatingMeanwhile: VerifyAccessToken = async (token) => {
      state.verifications += 1;
      const principal = await verifier(token);
      state.keySet = `v${state.verifications + 1}`;
      return principal;
    };
    const { verify, size } = createVerifiedTokenCache(rotatingMeanwhile, { keySetVersion: () => state.keySet });
    await verify(await token());
    assert.equal(size().entries, 0);
  });

  it('never remembers a refusal as good: a refused token is verified, and refused, every time', async () => {
    const { state, verify, size } = cacheWith();
    const otherAudience = await token({ claims: { aud: 'https://other.example.com/api' } });
    for (let attempt = 0; attempt < 3; attempt++) {
      await assert.rejects(verify(otherAudience), (error: unknown) => error instanceof InvalidTokenError && error.reason === TokenRefusal.Audience);
    }
    assert.equal(state.verifications, 3);
    assert.equal(size().entries, 0);
  });

  it('keys by the whole token: the same claims with another signature are verified, and refused', async () => {
    const { verify } = cacheWith();
    const genuine = await token();
    await verify(genuine);
    const [header, payload, signature = ''] = genuine.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await assert.rejects(verify(`${header}.${payload}.${flipped}`), (error: unknown) => error instanceof InvalidTokenError && error.reason === TokenRefusal.Signature);
  });

  it('holds at most maxEntries tokens, evicting the oldest first', async () => {
    const { state, verify, size } = cacheWith({ maxEntries: 3, maxBytes: 1024 * 1024 });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => token()));
    for (const each of tokens) await verify(each);
    assert.equal(size().entries, 3);
    const before = state.verifications;
    await verify(tokens[4]!);
    assert.equal(state.verifications, before, 'the newest is kept');
    await verify(tokens[0]!);
    assert.equal(state.verifications, before + 1, 'the oldest was evicted');
  });

  it('counts a token verified again as the newest, so evicting past maxEntries drops the oldest still held', async () => {
    const { state, verify, size } = cacheWith({ maxEntries: 3, maxBytes: 1024 * 1024 });
    const [first, second, third, fourth] = await Promise.all(Array.from({ length: 4 }, () => token()));
    for (const each of [first!, second!, third!]) await verify(each);
    state.clockMs += 1;
    state.keySet = 'v2';
    await verify(second!); // dropped (another key set) and remembered again, now the newest
    await verify(fourth!); // full: makes room by evicting the oldest held, not the re-remembered one
    assert.equal(size().entries, 3);
    const before = state.verifications;
    await verify(second!);
    await verify(fourth!);
    assert.equal(state.verifications, before, 'the two newest are answered from memory');
  });

  it('holds at most maxBytes, counting a big roles claim as big, and never caches one entry bigger than that', async () => {
    const maxBytes = 16 * 1024;
    const { verify, size } = cacheWith({ maxEntries: 1000, maxBytes });
    const groups = Array.from({ length: 200 }, (_, n) => `APP-GROUP-WITH-A-LONG-NAME-${n}`);
    for (let n = 0; n < 10; n++) await verify(await token({ claims: { roles: ['chat', ...groups.slice(0, 40)] } }));
    assert.ok(size().bytes <= maxBytes, `${size().bytes} bytes held`);
    assert.ok(size().entries < 10);

    const tiny = cacheWith({ maxEntries: 1000, maxBytes: 2 * 1024 });
    await tiny.verify(await token({ claims: { roles: ['chat', ...groups] } }));
    assert.equal(tiny.size().entries, 0);
  });

  it('estimates an entry at no less than the characters it holds', async () => {
    const principal: Principal = await verifier(await token({ claims: { roles: ['chat', 'x'.repeat(5000)] } }));
    assert.ok(estimateEntryBytes(principal) >= 2 * 5000);
  });
});
