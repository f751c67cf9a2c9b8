/** Security headers on every response, and no CORS at all (the SPA and the API share one origin). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApp, createTestApp, temporaryDirectory } from './fixtures/app.ts';
import { closedPort, startTestIdp, type TestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile } from './fixtures/keys.ts';
import { signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

function assertSecurityHeaders(response: LightMyRequestResponse): void {
  const csp = String(response.headers['content-security-policy']);
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ISSUER}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types angular angular#bundler',
  ]) {
    assert.ok(csp.includes(directive), `CSP lacks ${directive}: ${csp}`);
  }
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
  assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(response.headers['x-powered-by'], undefined);
}

function assertNoCors(response: LightMyRequestResponse): void {
  const cors = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
  assert.deepEqual(cors, []);
}

describe('security headers', () => {
  let app: FastifyInstance;
  let token: string;
  let removeDir: () => Promise<void>;

  before(async () => {
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    const key = await createSigningKey('k1');
    token = await signAccessToken(key, { issuer: ISSUER });
    app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) });
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  const requests = () => [
    { url: '/api/health' },
    { url: '/api/me' },
    { url: '/api/me', headers: { authorization: `Bearer ${token}` } },
    { url: '/api/analytics/summary', headers: { authorization: `Bearer ${token}` } },
    { url: '/api/unknown' },
    { url: '/chat' },
    { method: 'POST' as const, url: '/anything' },
  ];

  it('sets them on API answers, errors and pages alike', async () => {
    for (const request of requests()) assertSecurityHeaders(await app.inject(request));
  });

  it('sends no HSTS when the app is served over http', async () => {
    assert.equal((await app.inject({ url: '/api/health' })).headers['strict-transport-security'], undefined);
  });

  it('sends HSTS when APP_ORIGIN is https', async () => {
    const dir = await temporaryDirectory();
    const https = await buildTestApp({
      APP_ORIGIN: 'https://app.example.com',
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(await createSigningKey('k1'))),
    });
    try {
      assert.match(String((await https.inject({ url: '/api/health' })).headers['strict-transport-security']), /^max-age=\d+/);
    } finally {
      await https.close();
      await dir.remove();
    }
  });

  it('never sends CORS headers, even to a cross-origin request', async () => {
    for (const request of requests()) {
      assertNoCors(await app.inject({ ...request, headers: { ...request.headers, origin: 'https://evil.example' } }));
    }
  });

  it('does not answer a CORS preflight', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/me',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.ok(response.statusCode >= 400);
    assertNoCors(response);
  });
});

describe('security headers on refusals from the HTTP edge', () => {
  let app: FastifyInstance;
  let token: string;

  before(async () => {
    token = await signAccessToken(await createSigningKey('k1'), { issuer: ISSUER });
    app = await createTestApp({
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_URI: `http://localhost:${await closedPort()}/jwks`,
      RATE_LIMIT_PER_IP: '1',
    });
    app.post('/api/test/upload', { config: { auth: 'public' }, bodyLimit: 16 }, async () => ({ ok: true }));
    await app.ready();
  });
  after(() => app.close());

  it('sets them on 400 (two Authorization headers), 413, 429 and 503 (IdP keys unavailable) alike', async () => {
    const twoAuthorizations: Record<string, string[]> = { authorization: [`Bearer ${token}`, `Bearer ${token}`] };
    const responses = {
      400: await app.inject({ url: '/api/me', remoteAddress: '203.0.113.1', headers: twoAuthorizations }),
      413: await app.inject({ method: 'POST', url: '/api/test/upload', remoteAddress: '203.0.113.2', payload: { text: 'x'.repeat(100) } }),
      503: await app.inject({ url: '/api/me', remoteAddress: '203.0.113.3', headers: { authorization: `Bearer ${token}` } }),
      429: await app.inject({ url: '/api/health', remoteAddress: '203.0.113.3' }),
    };
    for (const [status, response] of Object.entries(responses)) {
      assert.equal(response.statusCode, Number(status));
      assertSecurityHeaders(response);
      assertNoCors(response);
    }
  });
});

describe('CSP connect-src with discovery', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp(jwksOf(await createSigningKey('k1')).keys);
    idp.setDiscovery({ token_endpoint: 'https://tokens.example.com/oauth/token' });
  });
  after(() => idp.close());

  it('allows the IdP token endpoint origin once discovery is known, compared as an origin', async () => {
    const app = await buildTestApp({ OIDC_ISSUER: idp.issuer });
    try {
      await app.inject({ url: '/api/config' });
      const csp = String((await app.inject({ url: '/chat' })).headers['content-security-policy']);
      assert.match(csp, new RegExp(`connect-src 'self' ${idp.issuer} https://tokens\\.example\\.com;`));
    } finally {
      await app.close();
    }
  });
});
