/** `checkIdpAtStart`: what the server says about the IdP as it starts (fatal, warnings), from one GET. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { checkIdpAtStart } from '../../src/doctor/start-checks.ts';
import { closedPort, discoveryDocument, json, startCraftedIdp, startSilentServer, type CraftedIdp } from './support/crafted-idp.ts';

const WELL_KNOWN = 'GET /.well-known/openid-configuration';

describe('IdP checks at server start', () => {
  let idp: CraftedIdp;
  before(async () => {
    idp = await startCraftedIdp();
  });
  after(() => idp.close());

  const serve = (overrides: Record<string, unknown> = {}) => idp.route({ [WELL_KNOWN]: json(200, discoveryDocument(idp.issuer, overrides)) });

  it('says nothing about an IdP that is set up right', async () => {
    serve();
    assert.deepEqual(await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer })), { fatal: undefined, warnings: [] });
  });

  it('is fatal when the discovery issuer differs, naming the exact value to use', async () => {
    serve();
    const result = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: `${idp.issuer}/` }));
    assert.equal(result.fatal, `OIDC_ISSUER must be exactly "${idp.issuer}": the IdP's discovery document says so; got "${idp.issuer}/"`);
  });

  it('refuses to start when the discovery document names an endpoint without https off this machine, naming the URL', async () => {
    serve({ jwks_uri: 'http://idp.example.com/jwks', token_endpoint: 'http://idp.example.com/token' });
    const { fatal } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer }));
    assert.equal(
      fatal,
      "The IdP's discovery document names endpoints without https: token_endpoint http://idp.example.com/token, jwks_uri http://idp.example.com/jwks. Tokens and keys would cross the network in clear: the IdP must publish https endpoints (http is allowed for localhost only)",
    );
  });

  it('starts with http endpoints on this machine (the dev IdP)', async () => {
    serve({ jwks_uri: 'http://127.0.0.1:1/jwks' });
    assert.equal((await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer }))).fatal, undefined);
  });

  it('warns once when there is no revocation endpoint', async () => {
    serve({ revocation_endpoint: undefined });
    const { fatal, warnings } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer }));
    assert.equal(fatal, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /sign-out cannot revoke the refresh token/);
  });

  it('warns about each scope missing from scopes_supported', async () => {
    serve({ scopes_supported: ['openid'] });
    const { warnings } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer, OIDC_SCOPES: 'openid profile offline_access' }));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /Scope profile/);
    assert.match(warnings[1] ?? '', /Scope offline_access/);
  });

  it('warns when OIDC_DPOP=required but the IdP does not advertise DPoP: every sign-in would be refused', async () => {
    serve();
    const { fatal, warnings } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: idp.issuer, OIDC_DPOP: 'required' }));
    assert.equal(fatal, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /OIDC_DPOP=required, but the IdP will not bind tokens/);
  });

  it('only warns when the IdP is unreachable: a down IdP must not stop the API', async () => {
    const port = await closedPort();
    const { fatal, warnings } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: `http://localhost:${port}` }));
    assert.equal(fatal, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', new RegExp(`localhost:${port}: connection refused`));
  });

  it('gives up on an IdP that never answers, with a warning', { timeout: 10_000 }, async () => {
    const silent = await startSilentServer();
    try {
      const { fatal, warnings } = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: silent.url }), { timeoutMs: 300 });
      assert.equal(fatal, undefined);
      assert.match(warnings[0] ?? '', /timeout/);
    } finally {
      await silent.close();
    }
  });

  it('makes no request in JWKS-file mode', async () => {
    const before = idp.requests.length;
    const result = await checkIdpAtStart(loadConfig({ OIDC_ISSUER: `${idp.issuer}/wrong`, OIDC_JWKS_FILE: '/nonexistent/jwks.json' }));
    assert.deepEqual(result, { fatal: undefined, warnings: [] });
    assert.equal(idp.requests.length, before);
  });
});
