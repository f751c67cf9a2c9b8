/** Doctor, check group 5: the keys the API verifies with, judged by the API's own rules. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkJwksKeys, loadJwks } from '../../src/doctor/jwks-checks.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from '../fixtures/keys.ts';
import { closedPort, json, startCraftedIdp, type CraftedIdp } from './support/crafted-idp.ts';
import { assertFinding } from './support/findings.ts';

const HMAC_KEY = { kty: 'oct', k: 'c2VjcmV0', alg: 'HS256', kid: 'shared' };

describe('doctor: JWKS', () => {
  let idp: CraftedIdp;
  let key: SigningKey;
  let dir: string;
  before(async () => {
    idp = await startCraftedIdp();
    key = await createSigningKey('k1');
    dir = await mkdtemp(join(tmpdir(), 'doctor-jwks-'));
  });
  after(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function fromUrl(body: unknown) {
    idp.route({ 'GET /jwks': json(200, body) });
    return loadJwks({ kind: 'url', url: new URL(`${idp.issuer}/jwks`), variable: 'jwks_uri' });
  }

  it('says how many keys the API can use, and their algorithms', async () => {
    const loaded = await fromUrl(jwksOf(key));
    assert.ok(loaded.ok);
    assertFinding(checkJwksKeys(loaded.jwks, loaded.where), 'pass', /1 key the API can use \(ES256\)/);
  });

  it('fails a JWKS with only an oct (HMAC) key: the API accepts asymmetric signatures only', async () => {
    const loaded = await fromUrl({ keys: [HMAC_KEY] });
    assert.ok(loaded.ok);
    assertFinding(checkJwksKeys(loaded.jwks, loaded.where), 'fail', /no key the API can verify with/, /symmetric \(HMAC\)/, /RFC 8725/);
  });

  it('passes a JWKS with a usable key beside an unusable one, saying which it ignores', async () => {
    const loaded = await fromUrl({ keys: [key.publicJwk, { ...HMAC_KEY }, { kty: 'RSA', n: 'x', e: 'AQAB', use: 'enc', kid: 'enc-key' }] });
    assert.ok(loaded.ok);
    assertFinding(checkJwksKeys(loaded.jwks, loaded.where), 'pass', /1 key/, /ignored: kid shared/, /ignored: kid enc-key \(RSA\): use is enc/);
  });

  it('fails a JWKS without keys', async () => {
    const loaded = await fromUrl({ keys: [] });
    assert.ok(!loaded.ok);
    assertFinding(loaded.finding, 'fail', /at least one key/);
  });

  it('reports an unreachable jwks_uri by host and error', async () => {
    const port = await closedPort();
    const loaded = await loadJwks({ kind: 'url', url: new URL(`http://localhost:${port}/jwks`), variable: 'OIDC_JWKS_URI' });
    assert.ok(!loaded.ok);
    assertFinding(loaded.finding, 'fail', /OIDC_JWKS_URI/, /connection refused/);
  });

  it("refuses a JWKS file with an oct key by the app's own rule (parsePublicJwks)", async () => {
    const path = await writeJwksFile(dir, { keys: [HMAC_KEY] }, 'hmac.json');
    const loaded = await loadJwks({ kind: 'file', path });
    assert.ok(!loaded.ok);
    assertFinding(loaded.finding, 'fail', /OIDC_JWKS_FILE/, /symmetric key \(kty "oct"\)/);
  });

  it('reads a JWKS file of public keys', async () => {
    const path = await writeJwksFile(dir, jwksOf(key), 'good.json');
    const loaded = await loadJwks({ kind: 'file', path });
    assert.ok(loaded.ok);
    assertFinding(checkJwksKeys(loaded.jwks, loaded.where), 'pass', /OIDC_JWKS_FILE/);
  });
});
