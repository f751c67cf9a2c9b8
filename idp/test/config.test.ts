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
      port: 4000,
      appOrigin: 'http://localhost:4200',
      clientId: 'web',
      audience: 'http://localhost:4200/api',
      accessTokenTtlSeconds: 300,
      publicJwksFile: undefined,
      stateDir: undefined,
      issueRefreshTokens: true,
    });
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

  test('rejects an issuer with a path, a query or an https scheme', () => {
    for (const issuer of ['http://localhost:4000/oidc', 'http://localhost:4000?x=1', 'https://localhost:4000', 'nonsense']) {
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

  test('IDP_REFRESH_TOKENS=off turns refresh tokens off; anything but on or off is refused', () => {
    assert.equal(loadConfig({ IDP_REFRESH_TOKENS: 'off' }).issueRefreshTokens, false);
    assert.throws(() => loadConfig({ IDP_REFRESH_TOKENS: 'no' }), rejection('IDP_REFRESH_TOKENS'));
  });
});
