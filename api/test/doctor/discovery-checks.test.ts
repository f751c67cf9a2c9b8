/** Doctor, check group 1: the discovery document, against a local IdP set up wrong on purpose. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkDiscoveryReachable,
  checkEndpointsUseTls,
  checkIssuerMatches,
  checkProviderPreset,
  loadDiscovery,
  type FoundDiscovery,
} from '../../src/doctor/discovery-checks.ts';
import { closedPort, discoveryDocument, html, json, redirect, startCraftedIdp, startSilentServer, type CraftedIdp } from './support/crafted-idp.ts';
import { assertFinding } from './support/findings.ts';

const WELL_KNOWN = 'GET /.well-known/openid-configuration';

describe('doctor: discovery', () => {
  let idp: CraftedIdp;
  before(async () => {
    idp = await startCraftedIdp();
  });
  after(() => idp.close());

  async function found(document: Record<string, unknown>, configuredIssuer = idp.issuer): Promise<FoundDiscovery> {
    idp.route({ [WELL_KNOWN]: json(200, document) });
    const result = await loadDiscovery(configuredIssuer);
    assert.ok(result.found, 'the document is found');
    return result;
  }

  it('passes an issuer equal to OIDC_ISSUER', async () => {
    assertFinding(checkIssuerMatches(await found(discoveryDocument(idp.issuer)), idp.issuer), 'pass');
  });

  it('fails OIDC_ISSUER with a trailing slash the IdP does not write, showing the exact issuer to set', async () => {
    const discovery = await found(discoveryDocument(idp.issuer), `${idp.issuer}/`);
    assertFinding(checkIssuerMatches(discovery, `${idp.issuer}/`), 'fail', /trailing slash/, new RegExp(`set OIDC_ISSUER=${idp.issuer}$`, 'm'));
  });

  it('fails OIDC_ISSUER without the trailing slash the IdP writes, showing the exact issuer to set', async () => {
    const discovery = await found(discoveryDocument(`${idp.issuer}/`));
    assertFinding(checkIssuerMatches(discovery, idp.issuer), 'fail', new RegExp(`set OIDC_ISSUER=${idp.issuer}/$`, 'm'));
  });

  it("says to use the tenant id for Entra ID's multi-tenant {tenantid} issuer", async () => {
    const discovery = await found(discoveryDocument('https://login.microsoftonline.com/{tenantid}/v2.0'));
    assertFinding(checkIssuerMatches(discovery, idp.issuer), 'fail', /multi-tenant/, /OIDC_ISSUER=https:\/\/login\.microsoftonline\.com\/<tenant-id>\/v2\.0/);
  });

  it('fails an http endpoint on a host that is not this machine, naming it', async () => {
    const discovery = await found(discoveryDocument(idp.issuer, { token_endpoint: 'http://idp.example.com/token' }));
    assertFinding(checkEndpointsUseTls(discovery.document), 'fail', /token_endpoint is http:\/\/idp\.example\.com\/token/);
  });

  it('passes http endpoints on localhost', async () => {
    assertFinding(checkEndpointsUseTls((await found(discoveryDocument(idp.issuer))).document), 'pass');
  });

  it('fails a discovery URL that answers 404, saying where the document must be', async () => {
    idp.route({});
    const result = await loadDiscovery(idp.issuer);
    assertFinding(checkDiscoveryReachable(result), 'fail', /answered 404/, /is OIDC_ISSUER the issuer\?/);
  });

  it('fails a discovery URL that redirects, naming where to', async () => {
    idp.route({ [WELL_KNOWN]: redirect('https://elsewhere.example/.well-known/openid-configuration') });
    assertFinding(checkDiscoveryReachable(await loadDiscovery(idp.issuer)), 'fail', /redirect to https:\/\/elsewhere\.example/);
  });

  it('fails a discovery URL that serves a web page instead of JSON', async () => {
    idp.route({ [WELL_KNOWN]: html(200, '<html><body>Welcome</body></html>') });
    assertFinding(checkDiscoveryReachable(await loadDiscovery(idp.issuer)), 'fail', /not JSON/);
  });

  it('reports an unreachable IdP (a closed port) as a refused connection to its host and port', async () => {
    const port = await closedPort();
    const result = await loadDiscovery(`http://localhost:${port}`);
    assertFinding(checkDiscoveryReachable(result), 'fail', new RegExp(`cannot connect to localhost:${port}: connection refused \\(ECONNREFUSED\\)`));
  });

  it('reports an IdP that never answers as a timeout', { timeout: 10_000 }, async () => {
    const silent = await startSilentServer();
    try {
      const result = await loadDiscovery(silent.url, { timeoutMs: 300 });
      assertFinding(checkDiscoveryReachable(result), 'fail', /no answer from localhost:\d+ within 0\.3 s \(timeout\)/);
    } finally {
      await silent.close();
    }
  });

  it('only warns about an unreachable IdP when the API reads its keys from a file', async () => {
    const result = await loadDiscovery(`http://localhost:${await closedPort()}`);
    assertFinding(checkDiscoveryReachable(result, true), 'warn', /OIDC_JWKS_FILE is set/);
  });

  it('suggests OIDC_PROVIDER=keycloak for a generic configuration whose issuer has /realms/', () => {
    assertFinding(checkProviderPreset('generic', 'https://sso.example.com/realms/corp', undefined), 'warn', /Keycloak/, /set OIDC_PROVIDER=keycloak/);
  });

  it('recognises PingFederate by its /as/ authorization endpoint', () => {
    const document = { issuer: 'https://sso.example.com', authorization_endpoint: 'https://sso.example.com/as/authorization.oauth2', token_endpoint: 'https://sso.example.com/as/token.oauth2', jwks_uri: 'https://sso.example.com/pf/JWKS' };
    assertFinding(checkProviderPreset('generic', 'https://sso.example.com', document), 'warn', /OIDC_PROVIDER=pingfederate/);
  });

  it('says nothing of the preset when the issuer gives no vendor away', () => {
    assert.equal(checkProviderPreset('generic', 'https://login.example.com', undefined), undefined);
  });
});
