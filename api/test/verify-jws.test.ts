/**
 * The JWS signature check on node:crypto (verify-jws.ts), beside jose as the reference: every
 * algorithm we accept verifies tokens jose signed, keys are only used with the algorithm they were
 * made for, and what is not a well-formed JWS is refused before any key is asked for. The rules
 * of the whole guard are pinned in verify-access-token.test.ts and access-token.test.ts.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenRefusal } from '@app/contracts';
import { CompactSign, createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from '../src/auth/errors.ts';
import { createJwsVerifier, ecdsaSignatureToDer, JWS_ALGORITHMS } from '../src/auth/verify-jws.ts';

const PAYLOAD = { sub: 'alice', iss: 'https://idp.example.com' };
const noHeaderRule = () => undefined;

async function signed(alg: string, privateKey: CryptoKey | KeyObject, header: Record<string, unknown> = {}, payload: unknown = PAYLOAD): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, kid: 'k1', ...header }).sign(privateKey);
}

async function keyPairFor(alg: string) {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg.startsWith('RS') || alg.startsWith('PS') ? { modulusLength: 2048 } : {}) });
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg }] });
  return { ...pair, jwks };
}

async function refusalOf(check: Promise<unknown>): Promise<string> {
  const error = await check.then(() => assert.fail('the token was accepted'), (thrown: unknown) => thrown);
  assert.ok(error instanceof InvalidTokenError, `expected an InvalidTokenError, got ${String(error)}`);
  return error.reason;
}

/** A JWS made by hand: `header` and `payload` as given, signed (or not) over exactly what is sent. */
function handMade(header: string, payload: string, signWith?: (input: Buffer) => Buffer): string {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${signWith === undefined ? '' : signWith(Buffer.from(input)).toString('base64url')}`;
}

describe('JWS signature check on node:crypto', () => {
  it('keeps each token its own verdict when several are checked at once (a forged token beside good ones under the same header)', async () => {
    const { privateKey, jwks } = await keyPairFor('ES256');
    const verifyJws = createJwsVerifier(jwks as JWTVerifyGetKey, ['ES256'], noHeaderRule);
    const good = await signed('ES256', privateKey);
    const forged = await signed('ES256', privateKey, {}, { ...PAYLOAD, sub: 'mallory' });
    const [header, payload] = forged.split('.');
    const forgedWithGoodSignature = `${header}.${payload}.${good.split('.')[2]}`;
    const verdicts = await Promise.allSettled([verifyJws(good), verifyJws(forgedWithGoodSignature), verifyJws(good)]);
    assert.deepEqual(verdicts.map((verdict) => verdict.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(await refusalOf(Promise.reject((verdicts[1] as PromiseRejectedResult).reason)), TokenRefusal.Signature);
  });

  it('verifies tokens jose signed, with every algorithm of the allow-list', async () => {
    for (const alg of JWS_ALGORITHMS) {
      const { privateKey, jwks } = await keyPairFor(alg);
      const { payload, header } = await createJwsVerifier(jwks, JWS_ALGORITHMS, noHeaderRule)(await signed(alg, privateKey));
      assert.deepEqual(payload, PAYLOAD, alg);
      assert.equal(header.alg, alg);
    }
  });

  it('refuses a signature altered by one bit, with every algorithm', async () => {
    for (const alg of JWS_ALGORITHMS) {
      const { privateKey, jwks } = await keyPairFor(alg);
      const token = await signed(alg, privateKey);
      const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
      signature[5] = (signature[5] ?? 0) ^ 1;
      const altered = `${token.slice(0, token.lastIndexOf('.') + 1)}${signature.toString('base64url')}`;
      assert.equal(await refusalOf(createJwsVerifier(jwks, JWS_ALGORITHMS, noHeaderRule)(altered)), TokenRefusal.Signature, alg);
    }
  });

  it('never uses a key with an algorithm it was not made for (a P-384 key for ES256, a P-256 key for ES384)', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const cases: [string, KeyObject, KeyObject][] = [
      ['ES256', p384.privateKey, p384.publicKey],
      ['ES384', p256.privateKey, p256.publicKey],
    ];
    for (const [alg, privateKey, publicKey] of cases) {
      // The key source hands over whatever it holds: the verifier must refuse the mismatch itself.
      const token = handMade(JSON.stringify({ alg, kid: 'k1' }), JSON.stringify(PAYLOAD), (input) =>
        sign(alg === 'ES256' ? 'sha256' : 'sha384', input, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const getKey: JWTVerifyGetKey = async () => publicKey;
      assert.equal(await refusalOf(createJwsVerifier(getKey, JWS_ALGORITHMS, noHeaderRule)(token)), TokenRefusal.Signature, alg);
    }
  });

  it('refuses RSA keys shorter than 2048 bits (RFC 7518 §3.3)', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const token = handMade(JSON.stringify({ alg: 'RS256', kid: 'k1' }), JSON.stringify(PAYLOAD), (input) => sign('sha256', input, weak.privateKey));
    const getKey: JWTVerifyGetKey = async () => weak.publicKey;
    assert.equal(await refusalOf(createJwsVerifier(getKey, JWS_ALGORITHMS, noHeaderRule)(token)), TokenRefusal.Signature);
  });

  it('never verifies with a secret, whatever a key source returns (no HMAC, RFC 8725 §3.2)', async () => {
    const getKey: JWTVerifyGetKey = async () => new TextEncoder().encode('secret');
    const { privateKey } = await keyPairFor('ES256');
    assert.equal(await refusalOf(createJwsVerifier(getKey, JWS_ALGORITHMS, noHeaderRule)(await signed('ES256', privateKey))), TokenRefusal.Signature);
  });

  it('refuses an algorithm the allow-list lacks before asking for any key', async () => {
    let asked = false;
    const getKey: JWTVerifyGetKey = async () => {
      asked = true;
      throw new Error('no key should be asked for');
    };
    const { privateKey } = await keyPairFor('RS256');
    const token = await signed('RS256', privateKey);
    assert.equal(await refusalOf(createJwsVerifier(getKey, ['ES256'], noHeaderRule)(token)), TokenRefusal.Algorithm);
    const hs256 = handMade(JSON.stringify({ alg: 'HS256' }), JSON.stringify(PAYLOAD), () => Buffer.alloc(32));
    assert.equal(await refusalOf(createJwsVerifier(getKey, JWS_ALGORITHMS, noHeaderRule)(hs256)), TokenRefusal.Algorithm);
    assert.equal(asked, false);
  });

  it('refuses what is not a compact JWS of a JSON header and a JSON object payload: malformed', async () => {
    const { privateKey, jwks } = await keyPairFor('ES256');
    const check = createJwsVerifier(jwks, JWS_ALGORITHMS, noHeaderRule);
    const valid = await signed('ES256', privateKey);
    const malformed = [
      '',
      'a.b',
      `${valid}.extra`,
      valid.replace('.', '.+'),
      ` ${valid}`,
      handMade('[1,2]', JSON.stringify(PAYLOAD)),
      handMade('{"alg":1}', JSON.stringify(PAYLOAD)),
      handMade('{"alg":"ES256"', JSON.stringify(PAYLOAD)),
      await signed('ES256', privateKey, {}, ['an', 'array']),
      await signed('ES256', privateKey, {}, 'a string'),
    ];
    for (const token of malformed) assert.equal(await refusalOf(check(token)), TokenRefusal.Malformed, token);
    // Not UTF-8, even though signed: refused rather than read with replacement characters.
    const notUtf8 = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'k1' })).toString('base64url')}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}`;
    const badText = `${notUtf8}.${sign('sha256', Buffer.from(notUtf8), { key: KeyObject.from(privateKey), dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    assert.equal(await refusalOf(check(badText)), TokenRefusal.Malformed);
  });

  it('refuses a crit that is not a list of names the header carries, and an unencoded payload (b64: false)', async () => {
    const { privateKey, jwks } = await keyPairFor('ES256');
    const check = createJwsVerifier(jwks, JWS_ALGORITHMS, noHeaderRule);
    const key = KeyObject.from(privateKey);
    const withHeader = (header: Record<string, unknown>) =>
      handMade(JSON.stringify({ alg: 'ES256', kid: 'k1', ...header }), JSON.stringify(PAYLOAD), (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }));
    for (const header of [{ crit: [] }, { crit: 'b64' }, { crit: ['exp'] }, { crit: ['toString'] }, { crit: [42] }, { b64: false }, { b64: 'false' }]) {
      assert.equal(await refusalOf(check(withHeader(header))), TokenRefusal.Malformed, JSON.stringify(header));
    }
    // And the header rule the guard passes in runs on every header before any key is chosen.
    const refuseAll = () => {
      throw new InvalidTokenError('no', TokenRefusal.CriticalHeader);
    };
    assert.equal(await refusalOf(createJwsVerifier(jwks, JWS_ALGORITHMS, refuseAll)(withHeader({}))), TokenRefusal.CriticalHeader);
  });

  it('checks each token in full even when its header is one seen before', async () => {
    const { privateKey, jwks } = await keyPairFor('ES256');
    const check = createJwsVerifier(jwks, JWS_ALGORITHMS, noHeaderRule);
    const first = await signed('ES256', privateKey);
    await check(first);
    const other = await keyPairFor('ES256');
    const forged = await signed('ES256', other.privateKey);
    assert.equal(forged.slice(0, forged.indexOf('.')), first.slice(0, first.indexOf('.')), 'the same encoded header');
    assert.equal(await refusalOf(check(forged)), TokenRefusal.Signature);
  });
});

describe('ECDSA signatures as DER', () => {
  /** Signatures until one has `r` with a leading zero byte and (but on P-521, whose `r` fits in 521 bits) one with its top bit set. */
  function signaturesCoveringEdges(curve: string, hash: string, size: number) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const found = { leadingZero: false, topBitSet: curve === 'P-521' };
    const input = Buffer.from('header.payload');
    for (let i = 0; i < 5000 && !(found.leadingZero && found.topBitSet); i++) {
      const raw = sign(hash, input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      assert.equal(raw.length, 2 * size);
      if (raw[0] === 0) found.leadingZero = true;
      if ((raw[0] ?? 0) >= 0x80) found.topBitSet = true;
      assert.ok(verify(hash, input, publicKey, ecdsaSignatureToDer(raw, size)), `${curve}: ${raw.toString('hex')}`);
    }
    return found;
  }

  it('converts r||s so that OpenSSL verifies it, leading zeros and top bits included (P-256, P-384, P-521)', () => {
    for (const [curve, hash, size] of [['P-256', 'sha256', 32], ['P-384', 'sha384', 48], ['P-521', 'sha512', 66]] as const) {
      const found = signaturesCoveringEdges(curve, hash, size);
      assert.ok(found.leadingZero, `${curve}: a signature whose r starts with a zero byte was tried`);
      assert.ok(found.topBitSet, `${curve}: a signature whose r has its top bit set was tried`);
    }
  });

  it('encodes the integers as DER does: minimal, and positive', () => {
    const raw = Buffer.concat([Buffer.from([0, 0, 0x7f, ...Array(29).fill(1)]), Buffer.from([0x80, ...Array(31).fill(2)])]);
    const der = ecdsaSignatureToDer(raw, 32);
    assert.equal(der.toString('hex'), `3043021e7f${'01'.repeat(29)}022100${'80'}${'02'.repeat(31)}`);
  });
});
