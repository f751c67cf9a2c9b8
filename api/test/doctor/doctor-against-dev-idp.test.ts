/**
 * `npm run doctor` end to end: the real command (`node src/doctor/main.ts`) against the real dev IdP
 * (`idp/src/main.ts`), both child processes; the IdP in its default shape and Keycloak-shaped.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInForTokens } from './support/code-flow.ts';
import { closedPort } from './support/crafted-idp.ts';
import { startDevIdpProcess, type DevIdpProcess } from './support/dev-idp-process.ts';
import { failures, runDoctorProcess, type DoctorRun } from './support/doctor-process.ts';

const APP_ORIGIN = 'http://localhost:4200';
const ROLE_MAP = 'chat:APP-TEAMSPACE-CHAT,analytics:APP-TEAMSPACE-BI';

function assertFailsWith(run: DoctorRun, ...patterns: RegExp[]): void {
  assert.equal(run.exitCode, 1, run.stdout);
  const failed = failures(run).join('\n');
  for (const pattern of patterns) assert.match(failed, pattern);
}

describe('npm run doctor against the dev IdP', () => {
  let idp: DevIdpProcess;
  let keycloak: DevIdpProcess;
  let dir: string;
  before(async () => {
    [idp, keycloak] = await Promise.all([
      startDevIdpProcess({ appOrigin: APP_ORIGIN }),
      startDevIdpProcess({ appOrigin: APP_ORIGIN, issuerPath: '/realms/dev', shape: 'keycloak' }),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'doctor-tokens-'));
  });
  after(async () => {
    await Promise.all([idp?.stop(), keycloak?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const env = (overrides: Record<string, string> = {}) => ({ OIDC_ISSUER: idp.issuer, APP_ORIGIN, ...overrides });
  const keycloakEnv = (overrides: Record<string, string> = {}) =>
    ({ OIDC_ISSUER: keycloak.issuer, APP_ORIGIN, OIDC_PROVIDER: 'keycloak', OIDC_ROLE_MAP: ROLE_MAP, ...overrides });

  it('passes the default dev IdP with the right configuration: exit 0, no FAIL', async () => {
    const run = await runDoctorProcess(env());
    assert.equal(run.exitCode, 0, run.stdout);
    assert.deepEqual(failures(run), []);
    assert.match(run.stdout, /^PASS {2}Token endpoint knows the client as a public client$/m);
    assert.match(run.stdout, /^Summary: \d+ passed, 0 warnings, 0 failed: nothing fails$/m);
  });

  it('passes the Keycloak-shaped dev IdP with OIDC_PROVIDER=keycloak and a role map: exit 0', async () => {
    const run = await runDoctorProcess(keycloakEnv());
    assert.equal(run.exitCode, 0, run.stdout);
    assert.deepEqual(failures(run), []);
  });

  it('fails a wrong APP_ORIGIN: the redirect URI is not registered, and CORS hides the token errors', async () => {
    const run = await runDoctorProcess(keycloakEnv({ APP_ORIGIN: 'http://localhost:4999' }));
    assertFailsWith(
      run,
      /register the redirect URI http:\/\/localhost:4999\/auth\/callback exactly/,
      /Token endpoint: its error response carries no CORS for APP_ORIGIN http:\/\/localhost:4999/,
      /allow the origin http:\/\/localhost:4999/,
    );
  });

  it('fails a trailing slash on OIDC_ISSUER, showing the exact issuer', async () => {
    const run = await runDoctorProcess(env({ OIDC_ISSUER: `${idp.issuer}/` }));
    assertFailsWith(run, new RegExp(`set OIDC_ISSUER=${idp.issuer}$`, 'm'), /trailing slash/);
  });

  it('fails an unknown OIDC_CLIENT_ID, at the authorization and token endpoints', async () => {
    const run = await runDoctorProcess(env({ OIDC_CLIENT_ID: 'no-such-client' }));
    assertFailsWith(run, /invalid_client/, /is OIDC_CLIENT_ID=no-such-client a client id the IdP knows\?/, /make it a public client/);
  });

  it('fails an unreachable issuer, naming the host and the error', async () => {
    const port = await closedPort();
    const run = await runDoctorProcess(env({ OIDC_ISSUER: `http://localhost:${port}` }));
    assertFailsWith(run, new RegExp(`cannot connect to localhost:${port}: connection refused \\(ECONNREFUSED\\)`));
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 2 on an invalid environment, with a FAIL line per variable', async () => {
    const run = await runDoctorProcess(env({ OIDC_ISSUER: 'not a url', PORT: 'eighty' }));
    assert.equal(run.exitCode, 2, run.stdout);
    assert.match(run.stdout, /^FAIL {2}PORT must be an integer/m);
    assert.match(run.stdout, /^FAIL {2}OIDC_ISSUER must be an absolute URL/m);
  });

  it('reports, from real Keycloak-shaped tokens, the roles found after mapping and where the name comes from', async () => {
    const tokens = await signInForTokens({ issuer: keycloak.issuer, appOrigin: APP_ORIGIN, username: 'bob' });
    const file = join(dir, 'bob.txt');
    await writeFile(file, `access_token=${tokens.access_token}\nid_token=${tokens.id_token}\n`);
    const run = await runDoctorProcess(keycloakEnv(), ['--tokens', file]);
    assert.equal(run.exitCode, 0, run.stdout);
    assert.match(run.stdout, /^PASS {2}Roles: chat, analytics$/m);
    assert.match(run.stdout, /granted: chat \(by APP-TEAMSPACE-CHAT\), analytics \(by APP-TEAMSPACE-BI\)/);
    assert.match(run.stdout, /^PASS {2}Display name: the access token has no name, so the app shows the ID token's name/m);
    assert.match(run.stdout, /^PASS {2}ID token: the API would refuse it as an access token: it carries none of scope/m);
    assert.ok(!run.stdout.includes(tokens.access_token) && !run.stdout.includes(tokens.id_token), 'no token is printed');
  });

  it('reads a bare access token from stdin with --tokens -, and shows the names a user without app roles has', async () => {
    const tokens = await signInForTokens({ issuer: keycloak.issuer, appOrigin: APP_ORIGIN, username: 'carol' });
    const run = await runDoctorProcess(keycloakEnv(), ['--tokens', '-'], tokens.access_token);
    assert.equal(run.exitCode, 0, run.stdout);
    assert.match(run.stdout, /^WARN {2}Roles: none granted/m);
    assert.match(run.stdout, /lists offline_access, uma_authorization, default-roles-dev/);
    assert.ok(!run.stdout.includes(tokens.access_token), 'no token is printed');
  });
});
