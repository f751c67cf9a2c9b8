/** `OIDC_JWKS_FILE`: public keys only, rotation without restart, and no request to the IdP. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { startTestIdp, type TestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

describe('JWKS file', () => {
  let dir: string;
  let removeDir: () => Promise<void>;
  let key: SigningKey;

  before(async () => {
    ({ path: dir, remove: removeDir } = await temporaryDirectory());
    key = await createSigningKey('idp-key-1');
  });
  after(() => removeDir());

  async function assertRefusedAtStart(jwks: unknown, reason: RegExp): Promise<void> {
    const file = await writeJwksFile(dir, jwks, `refused-${Math.random()}.json`);
    await assert.rejects(buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: file }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ERR_JWKS_FILE_INVALID');
      assert.match(error.message, reason);
      return true;
    });
  }

  it('refuses at start a JWKS holding a private key', async () => {
    await assertRefusedAtStart({ keys: [key.privateJwk] }, /private key material \("d"\)/);
  });

  it('refuses at start a JWKS holding a symmetric (oct) key', async () => {
    await assertRefusedAtStart({ keys: [{ kty: 'oct', k: 'c2VjcmV0', alg: 'HS256' }] }, /symmetric/);
  });

  it('refuses at start a file that is not a JWKS', async () => {
    await assertRefusedAtStart({ kty: 'EC' }, /not a JSON Web Key Set/);
  });

  it('refuses at start a JWKS file that does not exist', async () => {
    await assert.rejects(
      buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: join(dir, 'missing.json') }),
      /cannot be read/,
    );
  });

  it('accepts a key rotated by replacing the file, without a restart, and drops the old key', async () => {
    const file = await writeJwksFile(dir, jwksOf(key), 'rotating.json');
    const app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: file });
    try {
      const me = async (signer: SigningKey) =>
        (await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${await signAccessToken(signer, { issuer: ISSUER })}` } })).statusCode;
      assert.equal(await me(key), 200);

      const next = await createSigningKey('idp-key-2');
      await writeJwksFile(dir, jwksOf(next), 'rotating.json');
      assert.equal(await me(next), 200);
      assert.equal(await me(key), 401);
    } finally {
      await app.close();
    }
  });

  it('keeps the previous keys when the file is replaced by something invalid', async () => {
    const file = await writeJwksFile(dir, jwksOf(key), 'broken-later.json');
    const app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: file });
    try {
      await writeFile(file, '{ not json');
      const token = await signAccessToken(key, { issuer: ISSUER });
      const response = await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.statusCode, 200);
    } finally {
      await app.close();
    }
  });

  describe('with an IdP that is up', () => {
    let idp: TestIdp;
    before(async () => {
      idp = await startTestIdp(jwksOf(key).keys);
    });
    after(() => idp.close());

    it('makes no request to the IdP at all, discovery included', async () => {
      const app = await buildTestApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_FILE: await writeJwksFile(dir, jwksOf(key), 'offline.json') });
      try {
        const token = await signAccessToken(key, { issuer: idp.issuer });
        assert.equal((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
        const config = (await app.inject({ url: '/api/config' })).json();
        assert.equal(config.authorizationServer, undefined);
        assert.deepEqual(idp.requests, []);
      } finally {
        await app.close();
      }
    });
  });
});
