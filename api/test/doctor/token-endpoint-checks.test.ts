/** Doctor, check group 4: CORS on the token and revocation endpoints, and what the token endpoint's error says of the client. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { checkRevocationEndpoint, checkTokenEndpoint } from '../../src/doctor/token-endpoint-checks.ts';
import { VENDOR_WORDS } from '../../src/doctor/vendor-words.ts';
import { json, startCraftedIdp, type CraftedIdp, type Route } from './support/crafted-idp.ts';
import { assertFinding, findingTitled } from './support/findings.ts';

const APP_ORIGIN = 'http://localhost:4200';
const CORS = { 'access-control-allow-origin': APP_ORIGIN };
const words = VENDOR_WORDS.generic;

const preflightAllowing = (origin: string): Route => (_request, response) => {
  response.writeHead(204, { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'POST' }).end();
};

describe('doctor: token and revocation endpoints', () => {
  let idp: CraftedIdp;
  let config: AppConfig;
  before(async () => {
    idp = await startCraftedIdp();
    config = loadConfig({ OIDC_ISSUER: idp.issuer, APP_ORIGIN });
  });
  after(() => idp.close());

  const tokenFindings = (post: Route, preflight: Route = preflightAllowing(APP_ORIGIN)) => {
    idp.route({ 'OPTIONS /token': preflight, 'POST /token': post });
    return checkTokenEndpoint(config, `${idp.issuer}/token`, words);
  };

  it('sends a deliberately invalid code exchange, as the SPA would send a real one', async () => {
    let form = new URLSearchParams();
    let origin: string | undefined;
    await tokenFindings((request, response, body) => {
      form = new URLSearchParams(body);
      origin = request.headers.origin;
      json(400, { error: 'invalid_grant' }, CORS)(request, response, body);
    });
    assert.equal(origin, APP_ORIGIN);
    assert.equal(form.get('grant_type'), 'authorization_code');
    assert.equal(form.get('client_id'), 'web');
    assert.equal(form.get('redirect_uri'), `${APP_ORIGIN}/auth/callback`);
    assert.ok((form.get('code_verifier') ?? '').length >= 43);
    assert.ok(form.get('code'));
  });

  it('passes invalid_grant with CORS: a public client the IdP knows', async () => {
    const findings = await tokenFindings(json(400, { error: 'invalid_grant' }, CORS));
    assert.deepEqual(findings.map((finding) => finding.status), ['pass', 'pass', 'pass']);
  });

  it('fails an error response without Access-Control-Allow-Origin even when the preflight has it', async () => {
    const findings = await tokenFindings(json(400, { error: 'invalid_grant' }));
    assertFinding(findingTitled(findings, /preflight/), 'pass');
    assertFinding(findingTitled(findings, /error response carries no CORS/), 'fail', /hides this answer/, /allow the origin http:\/\/localhost:4200/);
  });

  it('asks the preflight for the DPoP header when the app sends proofs, and fails one that refuses it (the browser would not send the proof)', async () => {
    let asked: string | undefined;
    idp.route({
      'OPTIONS /token': (request, response) => {
        asked = request.headers['access-control-request-headers'];
        response.writeHead(204, { 'access-control-allow-origin': APP_ORIGIN, 'access-control-allow-headers': 'content-type' }).end();
      },
      'POST /token': json(400, { error: 'invalid_grant' }, CORS),
    });
    const findings = await checkTokenEndpoint(config, `${idp.issuer}/token`, words, {}, true);
    assert.equal(asked, 'content-type,dpop');
    assertFinding(findingTitled(findings, /preflight/), 'fail', /refuses the DPoP header/, /allow the DPoP request header by CORS/);
  });

  it('passes a preflight that allows the DPoP header when the app sends proofs', async () => {
    idp.route({
      'OPTIONS /token': (_request, response) => {
        response.writeHead(204, { 'access-control-allow-origin': APP_ORIGIN, 'access-control-allow-headers': 'Content-Type, DPoP' }).end();
      },
      'POST /token': json(400, { error: 'invalid_grant' }, CORS),
    });
    assertFinding(findingTitled(await checkTokenEndpoint(config, `${idp.issuer}/token`, words, {}, true), /preflight/), 'pass', /and the DPoP header/);
  });

  it('fails a preflight that allows another origin, naming the one it allows', async () => {
    const findings = await tokenFindings(json(400, { error: 'invalid_grant' }, CORS), preflightAllowing('https://other.example'));
    assertFinding(findingTitled(findings, /preflight/), 'fail', /Access-Control-Allow-Origin: https:\/\/other\.example/);
  });

  it('accepts Access-Control-Allow-Origin: *', async () => {
    const findings = await tokenFindings(json(400, { error: 'invalid_grant' }, { 'access-control-allow-origin': '*' }), preflightAllowing('*'));
    assert.ok(findings.every((finding) => finding.status === 'pass'));
  });

  it('fails invalid_client: unknown client, or a confidential one: make it a public client', async () => {
    const findings = await tokenFindings(json(401, { error: 'invalid_client', error_description: 'client authentication failed' }, CORS));
    assertFinding(findingTitled(findings, /refuses the client/), 'fail', /make it a public client/, /wants a secret/, /client authentication failed/);
  });

  it('says CORS proves little while the IdP does not know the client', async () => {
    const findings = await tokenFindings(json(401, { error: 'invalid_client' }, CORS));
    assertFinding(findingTitled(findings, /error response carries CORS/), 'pass', /did not recognise the client/);
  });

  it('fails unauthorized_client: the authorization code grant is not allowed', async () => {
    const findings = await tokenFindings(json(400, { error: 'unauthorized_client' }, CORS));
    assertFinding(findingTitled(findings, /authorization code grant/), 'fail');
  });

  it('warns when the error does not tell whether the client is known', async () => {
    const findings = await tokenFindings(json(400, { error: 'invalid_request', error_description: 'origin not allowed' }, CORS));
    assertFinding(findingTitled(findings, /could not tell/), 'warn', /invalid_request: origin not allowed/);
  });

  it('checks the revocation endpoint the same way: preflight, and CORS on the answer to a made-up token', async () => {
    let form = new URLSearchParams();
    idp.route({
      'OPTIONS /revoke': preflightAllowing(APP_ORIGIN),
      'POST /revoke': (_request, response, body) => {
        form = new URLSearchParams(body);
        response.writeHead(200).end();
      },
    });
    const findings = await checkRevocationEndpoint(config, `${idp.issuer}/revoke`, words);
    assert.equal(form.get('token_type_hint'), 'refresh_token');
    assert.equal(form.get('client_id'), 'web');
    assertFinding(findingTitled(findings, /preflight/), 'pass');
    assertFinding(findingTitled(findings, /carries no CORS/), 'fail', /POST answered 200 with no Access-Control-Allow-Origin/);
  });
});
