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
    assert.deepEqual(config.oidc.keys, { kind: 'remote', jwksUri: undefined, maxStaleSeconds: undefined });
    assert.equal(config.oidc.provider, 'generic');
    assert.deepEqual(config.oidc.roles, {
      claim: 'roles',
      path: ['roles'],
      format: 'list',
      map: { chat: ['chat'], analytics: ['analytics'] },
    });
    assert.deepEqual(config.oidc.accessToken, {
      issuer: 'http://localhost:4000',
      typ: 'at+jwt',
      accessTokenClaims: ['scope', 'scp', 'client_id'],
      idTokenClaims: ['nonce', 'at_hash', 'c_hash'],
      maxAgeSeconds: 7200,
      dpop: 'allowed',
    });
    assert.deepEqual(config.oidc.authorizationParameters, {});
    assert.equal(config.oidc.logoutFallback, undefined);
    assert.deepEqual(config.http, { trustProxy: false, rateLimitPerIp: 1200, rateLimitPerUser: 600, rateLimitChatPosts: 30 });
    assert.deepEqual(config.chat, { roomsPerDay: 20, streamsPerUser: 5, streamsPerIp: 100, streamsPerInstance: 5000 });
    assert.deepEqual(config.analytics, { timeBudgetMs: 10_000, concurrentPerUser: 2 });
    assert.equal(config.database.kind, 'sqlite');
    assert.match(config.database.path, /[/\\]data[/\\]app\.db$/);
    assert.match(config.webDist, /[/\\]web[/\\]dist[/\\]browser$/);
    assert.equal(config.logLevel, 'info');
  });

  it('reads no variable from process.env when given its own environment', () => {
    const config = loadConfig({ PORT: '4300', OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_JWKS_FILE: '/etc/keys.json' });
    assert.equal(config.port, 4300);
    assert.equal(config.appOrigin, 'http://localhost:4300');
    assert.deepEqual(config.oidc.roles.path, ['realm_access', 'roles']);
    assert.deepEqual(config.oidc.keys, { kind: 'file', path: '/etc/keys.json' });
  });

  it('refuses stream caps that do not nest (a user with a few tabs would be refused, instead of their oldest stream closed)', () => {
    assertRefused({ CHAT_STREAMS_PER_USER: '10', CHAT_STREAMS_PER_IP: '5' }, 'CHAT_STREAMS_PER_IP', /^must be at least CHAT_STREAMS_PER_USER \(10\)/);
    assertRefused({ CHAT_STREAMS_PER_IP: '500', CHAT_STREAMS_PER_INSTANCE: '100' }, 'CHAT_STREAMS_PER_INSTANCE', /^must be at least CHAT_STREAMS_PER_IP \(500\)/);
  });

  it('refuses limits that are not whole numbers in range, naming the variable (no limit switched off by a typo)', () => {
    for (const [variable, value] of [
      ['CHAT_STREAMS_PER_USER', '0'],
      ['CHAT_STREAMS_PER_IP', 'many'],
      ['CHAT_STREAMS_PER_INSTANCE', '-1'],
      ['RATE_LIMIT_ROOMS_PER_DAY', '0'],
      ['ANALYTICS_TIME_BUDGET_MS', '0'],
      ['ANALYTICS_TIME_BUDGET_MS', '3600000'],
      ['ANALYTICS_CONCURRENT_PER_USER', 'two'],
    ] as const) {
      assertRefused({ [variable]: value }, variable, /^must be a number/);
    }
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

  it('reads postgres:// and postgresql:// URLs as they are, parameters included', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/app' }).database, { kind: 'postgres', url: 'postgres://app:s3cret@db:5432/app' });
    assert.deepEqual(
      loadConfig({ DATABASE_URL: 'postgresql://app@db.example.com/app?sslmode=require' }).database,
      { kind: 'postgres', url: 'postgresql://app@db.example.com/app?sslmode=require' },
    );
  });

  it('refuses a postgres:// URL without a host or a database, without echoing it (it may hold a password)', () => {
    assertRefused({ DATABASE_URL: 'postgres://app:s3cret@db' }, 'DATABASE_URL', /a host and a database/);
    assertRefused({ DATABASE_URL: 'postgres:///app' }, 'DATABASE_URL', /a host and a database/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db' }), (error: Error) => !error.message.includes('s3cret'));
  });

  it('listens on loopback unless HOST names another address, and refuses a HOST that is not an address', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assertRefused({ HOST: 'localhost' }, 'HOST', /IP address/);
  });

  it('refuses a DATABASE_URL that is neither file: nor postgres://', () => {
    assertRefused({ DATABASE_URL: 'mysql://db/app' }, 'DATABASE_URL', /file:/);
  });

  it('reads file: database URLs, relative ones from the repository root', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file:/var/lib/app.db' }).database, { kind: 'sqlite', path: '/var/lib/app.db' });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file:///var/lib/app.db' }).database, { kind: 'sqlite', path: '/var/lib/app.db' });
    const relative = loadConfig({ DATABASE_URL: 'file:./data/test.db' }).database;
    assert.ok(relative.kind === 'sqlite');
    assert.match(relative.path, /^\/.*[/\\]data[/\\]test\.db$/);
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file::memory:' }).database, { kind: 'sqlite', path: ':memory:' });
  });

  it('accepts typ JWT only through the deliberately named value', () => {
    assert.equal(loadConfig({ OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT' }).oidc.accessToken.typ, 'dangerously-accept-JWT');
    assertRefused({ OIDC_ACCESS_TOKEN_TYP: 'JWT' }, 'OIDC_ACCESS_TOKEN_TYP', /one of at\+jwt, dangerously-accept-JWT/);
  });

  it('accepts typ JWT when the API audience is the client id (Entra ID with one app registration): claims tell the tokens apart', () => {
    const config = loadConfig({ OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT', OIDC_CLIENT_ID: 'teamspace', OIDC_AUDIENCE: 'teamspace' });
    assert.equal(config.oidc.audience, 'teamspace');
    assert.deepEqual(config.oidc.accessToken.idTokenClaims, ['nonce', 'at_hash', 'c_hash']);
  });

  it('reads the maximum token age, in seconds', () => {
    assert.equal(loadConfig({ OIDC_ACCESS_TOKEN_MAX_AGE: '600' }).oidc.accessToken.maxAgeSeconds, 600);
    assertRefused({ OIDC_ACCESS_TOKEN_MAX_AGE: '0' }, 'OIDC_ACCESS_TOKEN_MAX_AGE', /at least 1/);
    assertRefused({ OIDC_ACCESS_TOKEN_MAX_AGE: '1h' }, 'OIDC_ACCESS_TOKEN_MAX_AGE', /seconds/);
  });

  it('reads OIDC_DPOP, allowed by default, and refuses anything but off, allowed or required', () => {
    assert.equal(loadConfig({ OIDC_DPOP: 'required' }).oidc.accessToken.dpop, 'required');
    assert.equal(loadConfig({ OIDC_DPOP: 'off' }).oidc.accessToken.dpop, 'off');
    assertRefused({ OIDC_DPOP: 'on' }, 'OIDC_DPOP', /one of off, allowed, required/);
  });

  it('reads how long stale IdP keys may be used, for fetched keys only', () => {
    assert.deepEqual(loadConfig({ OIDC_JWKS_MAX_STALE: '3600' }).oidc.keys, { kind: 'remote', jwksUri: undefined, maxStaleSeconds: 3600 });
    assertRefused({ OIDC_JWKS_MAX_STALE: '-1' }, 'OIDC_JWKS_MAX_STALE', /seconds/);
    assertRefused({ OIDC_JWKS_MAX_STALE: '60', OIDC_JWKS_FILE: 'keys.json' }, 'OIDC_JWKS_MAX_STALE', /not to OIDC_JWKS_FILE/);
  });

  it('reads trusted proxies as addresses, CIDR ranges and proxy-addr names', () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1,fd00::/8' }).http.trustProxy, ['loopback', '10.0.0.0/8', '::1', 'fd00::/8']);
  });

  it('refuses to trust every proxy, or anything that is not an address (X-Forwarded-For spoofing)', () => {
    for (const value of ['true', '*', '2', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1']) {
      assertRefused({ TRUST_PROXY: value }, 'TRUST_PROXY', /proxy addresses, CIDR ranges/);
    }
  });

  it('reads the rate limits, per minute', () => {
    assert.deepEqual(
      loadConfig({ RATE_LIMIT_PER_IP: '50', RATE_LIMIT_PER_USER: '20', RATE_LIMIT_CHAT_POSTS: '5' }).http,
      { trustProxy: false, rateLimitPerIp: 50, rateLimitPerUser: 20, rateLimitChatPosts: 5 },
    );
    assertRefused({ RATE_LIMIT_PER_IP: '0' }, 'RATE_LIMIT_PER_IP', /at least 1/);
    assertRefused({ RATE_LIMIT_PER_USER: 'many' }, 'RATE_LIMIT_PER_USER', /requests per minute/);
    assertRefused({ RATE_LIMIT_CHAT_POSTS: '0' }, 'RATE_LIMIT_CHAT_POSTS', /messages per minute, at least 1/);
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
