import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discover, type Discovery } from './support/code-flow.ts';
import { startTestIdp, type TestIdp } from './support/start-idp.ts';

describe('discovery', () => {
  let idp: TestIdp;
  let metadata: Discovery;

  before(async () => {
    idp = await startTestIdp();
    metadata = await discover(idp);
  });
  after(() => idp.close());

  test('the issuer is exactly the configured one', () => {
    assert.equal(metadata.issuer, idp.config.issuer);
  });

  test('PKCE offers S256 only', () => {
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
  });

  test('advertises the end-session and revocation endpoints', () => {
    assert.equal(metadata.end_session_endpoint, `${idp.issuer}/session/end`);
    assert.equal(metadata.revocation_endpoint, `${idp.issuer}/token/revocation`);
  });

  test('the JWKS publishes one ES256 public key and no private member', async () => {
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.['alg'], 'ES256');
    assert.equal(jwks.keys[0]?.['d'], undefined);
  });
});

describe('IDP_PUBLIC_JWKS_FILE', () => {
  const file = join(tmpdir(), `idp-jwks-${process.pid}`, 'jwks.json');
  let idp: TestIdp;

  before(async () => {
    idp = await startTestIdp({ IDP_PUBLIC_JWKS_FILE: file });
  });
  after(async () => {
    await idp.close();
    await rm(join(file, '..'), { recursive: true, force: true });
  });

  test('holds at start the same public keys the JWKS endpoint serves', async () => {
    const written: unknown = JSON.parse(await readFile(file, 'utf8'));
    const served: unknown = await (await fetch((await discover(idp)).jwks_uri)).json();
    assert.deepEqual(written, served);
  });
});
