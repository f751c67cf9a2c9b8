import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

function rejection(variable: string): (error: unknown) => boolean {
  return (error) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(variable);
}

describe('loadConfig', () => {
  test('defaults match the contract: issuer http://localhost:4000, app http://localhost:4200, client web', () => {
    assert.deepEqual(loadConfig({}), {
      issuer: 'http://localhost:4000',
      mountPath: '',
      port: 4000,
      appOrigin: 'http://localhost:4200',
      clientId: 'web',
      audience: 'http://localhost:4200/api',
      accessTokenTtlSeconds: 300,
      publicJwksFile: undefined,
      stateDir: undefined,
      issueRefreshTokens: true,
      tokenShape: 'rfc9068',
      dpop: 'nonce',
    });
  });

  test('IDP_DPOP is nonce, on or off, and nothing else', () => {
    assert.equal(loadConfig({ IDP_DPOP: 'off' }).dpop, 'off');
    assert.equal(loadConfig({ IDP_DPOP: 'on' }).dpop, 'on');
    assert.throws(() => loadConfig({ IDP_DPOP: 'yes' }), rejection('IDP_DPOP'));
  });

  test('the audience defaults to the API under APP_ORIGIN', () => {
    assert.equal(loadConfig({ APP_ORIGIN: 'http://localhost:9000' }).audience, 'http://localhost:9000/api');
  });

  test('the listen port comes from the issuer, which is kept exactly', () => {
    const config = loadConfig({ IDP_ISSUER: 'http://localhost:4100' });
    assert.equal(config.issuer, 'http://localhost:4100');
    assert.equal(config.port, 4100);
  });

  test('an empty variable counts as unset', () => {
    assert.equal(loadConfig({ IDP_ACCESS_TOKEN_TTL: '' }).accessTokenTtlSeconds, 300);
  });

  test('refuses NODE_ENV=production, naming the variable', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), rejection('NODE_ENV'));
  });

  test('an issuer may have a path, kept exactly; the IdP serves everything under it', () => {
    const config = loadConfig({ IDP_ISSUER: 'http://localhost:4500/realms/dev' });
    assert.equal(config.issuer, 'http://localhost:4500/realms/dev');
    assert.equal(config.mountPath, '/realms/dev');
    assert.equal(config.port, 4500);
  });

  test("an issuer's trailing slash stays in the issuer but not in the path the IdP serves under", () => {
    const config = loadConfig({ IDP_ISSUER: 'http://localhost:4500/realms/dev/' });
    assert.equal(config.issuer, 'http://localhost:4500/realms/dev/');
    assert.equal(config.mountPath, '/realms/dev');
  });

  test('rejects an issuer with a query or a fragment (OpenID Connect Discovery 1.0 §3), with or without a path', () => {
    const issuers = [
      'http://localhost:4000?x=1',
      'http://localhost:4000/realms/dev?x=1',
      'http://localhost:4000/realms/dev?',
      'http://localhost:4000/realms/dev#top',
      'http://localhost:4000/realms/dev#',
    ];
    for (const issuer of issuers) {
      assert.throws(() => loadConfig({ IDP_ISSUER: issuer }), rejection('IDP_ISSUER'), issuer);
    }
  });

  test('rejects an issuer path the URL parser would rewrite, so requests can be matched against it as typed', () => {
    const issuers = [
      'http://localhost:4000/realms/../dev',
      'http://localhost:4000/realms/./dev',
      'http://localhost:4000/realms//dev',
      'http://localhost:4000/realms/d%65v',
      'http://localhost:4000/realms\\dev',
      'http://localhost:4000/realms dev',
      'http://localhost:4000\\realms',
    ];
    for (const issuer of issuers) {
      assert.throws(() => loadConfig({ IDP_ISSUER: issuer }), rejection('IDP_ISSUER'), issuer);
    }
  });

  test('rejects an https, unparseable or credential-bearing issuer', () => {
    for (const issuer of ['https://localhost:4000', 'nonsense', 'http://user@localhost:4000', 'http://:secret@localhost:4000']) {
      assert.throws(() => loadConfig({ IDP_ISSUER: issuer }), rejection('IDP_ISSUER'), issuer);
    }
  });

  test('rejects an APP_ORIGIN with a path', () => {
    assert.throws(() => loadConfig({ APP_ORIGIN: 'http://localhost:4200/app' }), rejection('APP_ORIGIN'));
  });

  test('rejects an audience with a fragment (RFC 8707 §2)', () => {
    assert.throws(() => loadConfig({ OIDC_AUDIENCE: 'http://localhost:4200/api#x' }), rejection('OIDC_AUDIENCE'));
  });

  test('rejects a client id with spaces', () => {
    assert.throws(() => loadConfig({ OIDC_CLIENT_ID: 'my app' }), rejection('OIDC_CLIENT_ID'));
  });

  test('rejects an access token TTL that is not a positive whole number of seconds', () => {
    for (const ttl of ['0', '-5', '1.5', 'abc', '86401']) {
      assert.throws(() => loadConfig({ IDP_ACCESS_TOKEN_TTL: ttl }), rejection('IDP_ACCESS_TOKEN_TTL'), ttl);
    }
  });

  test('IDP_SHAPE=keycloak selects the Keycloak token shape', () => {
    assert.equal(loadConfig({ IDP_SHAPE: 'keycloak' }).tokenShape, 'keycloak');
  });

  test('refuses an unknown IDP_SHAPE, naming the variable and the shapes it accepts', () => {
    assert.throws(() => loadConfig({ IDP_SHAPE: 'bogus' }), rejection('IDP_SHAPE'));
    assert.throws(() => loadConfig({ IDP_SHAPE: 'bogus' }), {
      message: 'IDP_SHAPE must be one of "rfc9068", "keycloak", got "bogus"',
    });
  });

  test('IDP_REFRESH_TOKENS=off turns refresh tokens off; anything but on or off is refused', () => {
    assert.equal(loadConfig({ IDP_REFRESH_TOKENS: 'off' }).issueRefreshTokens, false);
    assert.throws(() => loadConfig({ IDP_REFRESH_TOKENS: 'no' }), rejection('IDP_REFRESH_TOKENS'));
  });
});
