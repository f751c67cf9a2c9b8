/** Configuration: validated once at start, with errors that name the variable. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

function assertRefused(env: Record<string, string>, variable: string, problem: RegExp): void {
  assert.throws(() => loadConfig(env), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    const issue = error.issues.find((i) => i.variable === variable);
    assert.ok(issue, `expected an issue about ${variable}, got: ${error.message}`);
    assert.match(issue.problem, problem);
    assert.match(error.message, new RegExp(`${variable} `));
    return true;
  });
}

describe('config', () => {
  it('has working defaults for the dev IdP', () => {
    const config = loadConfig({});
    assert.equal(config.port, 4200);
    assert.equal(config.appOrigin, 'http://localhost:4200');
    assert.equal(config.oidc.issuer, 'http://localhost:4000');
    assert.equal(config.oidc.clientId, 'web');
    assert.equal(config.oidc.audience, 'http://localhost:4200/api');
    assert.equal(config.oidc.scopes, 'openid profile offline_access');
    assert.deepEqual(config.oidc.keys, { kind: 'remote', jwksUri: undefined });
    assert.deepEqual(config.oidc.rolesClaim, ['roles']);
    assert.equal(config.database.kind, 'sqlite');
    assert.match(config.database.path, /[/\\]data[/\\]app\.db$/);
    assert.match(config.webDist, /[/\\]web[/\\]dist[/\\]browser$/);
    assert.equal(config.logLevel, 'info');
  });

  it('reads no variable from process.env when given its own environment', () => {
    const config = loadConfig({ PORT: '4300', OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_JWKS_FILE: '/etc/keys.json' });
    assert.equal(config.port, 4300);
    assert.equal(config.appOrigin, 'http://localhost:4300');
    assert.deepEqual(config.oidc.rolesClaim, ['realm_access', 'roles']);
    assert.deepEqual(config.oidc.keys, { kind: 'file', path: '/etc/keys.json' });
  });

  it('treats empty values as unset', () => {
    assert.equal(loadConfig({ PORT: '', OIDC_CLIENT_ID: ' ' }).port, 4200);
  });

  it('refuses a PORT that is not a port number', () => {
    assertRefused({ PORT: 'http' }, 'PORT', /integer from 1 to 65535 \(got "http"\)/);
    assertRefused({ PORT: '70000' }, 'PORT', /integer from 1 to 65535/);
  });

  it('refuses an APP_ORIGIN with a path', () => {
    assertRefused({ APP_ORIGIN: 'http://localhost:4200/app' }, 'APP_ORIGIN', /origin .* without a path/);
  });

  it('refuses a plain-http APP_ORIGIN or issuer other than localhost', () => {
    assertRefused({ APP_ORIGIN: 'http://app.example.com' }, 'APP_ORIGIN', /https/);
    assertRefused({ OIDC_ISSUER: 'http://idp.example.com' }, 'OIDC_ISSUER', /https/);
  });

  it('refuses an issuer with a query or fragment', () => {
    assertRefused({ OIDC_ISSUER: 'https://idp.example.com/?tenant=x' }, 'OIDC_ISSUER', /query or fragment/);
  });

  it('keeps the issuer verbatim, trailing slash included (compared exactly)', () => {
    assert.equal(loadConfig({ OIDC_ISSUER: 'https://idp.example.com/realms/x/' }).oidc.issuer, 'https://idp.example.com/realms/x/');
  });

  it('refuses OIDC_JWKS_FILE and OIDC_JWKS_URI together', () => {
    assertRefused({ OIDC_JWKS_FILE: 'keys.json', OIDC_JWKS_URI: 'https://idp.example.com/jwks' }, 'OIDC_JWKS_FILE', /both set/);
  });

  it('refuses an OIDC_JWKS_URI that is not an https URL', () => {
    assertRefused({ OIDC_JWKS_URI: 'ftp://idp.example.com/jwks' }, 'OIDC_JWKS_URI', /https/);
  });

  it('refuses scopes without openid', () => {
    assertRefused({ OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES', /openid/);
  });

  it('refuses a roles claim path with empty segments', () => {
    assertRefused({ OIDC_ROLES_CLAIM: 'realm_access..roles' }, 'OIDC_ROLES_CLAIM', /dotted path/);
  });

  it('says PostgreSQL is not supported yet, without echoing the URL (it may hold a password)', () => {
    assertRefused({ DATABASE_URL: 'postgres://app:s3cret@db/app' }, 'DATABASE_URL', /not supported yet/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db/app' }), (error: Error) => !error.message.includes('s3cret'));
  });

  it('refuses a DATABASE_URL that is neither file: nor postgres://', () => {
    assertRefused({ DATABASE_URL: 'mysql://db/app' }, 'DATABASE_URL', /file:/);
  });

  it('reads file: database URLs, relative ones from the repository root', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file:/var/lib/app.db' }).database, { kind: 'sqlite', path: '/var/lib/app.db' });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file:///var/lib/app.db' }).database, { kind: 'sqlite', path: '/var/lib/app.db' });
    assert.match(loadConfig({ DATABASE_URL: 'file:./data/test.db' }).database.path, /^\/.*[/\\]data[/\\]test\.db$/);
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file::memory:' }).database, { kind: 'sqlite', path: ':memory:' });
  });

  it('refuses an unknown LOG_LEVEL or NODE_ENV', () => {
    assertRefused({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/);
    assertRefused({ NODE_ENV: 'prod' }, 'NODE_ENV', /one of development, test, production/);
  });

  it('reports every bad variable at once', () => {
    assert.throws(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', APP_ORIGIN: 'nope' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.issues.map((i) => i.variable).sort(), ['APP_ORIGIN', 'LOG_LEVEL', 'PORT']);
      return true;
    });
  });
});
