/**
 * The HTTP edge around the guard: authentication before the body, body and header size caps,
 * request timeouts, and one `Authorization` header only. Routes with a body are added by the test
 * to the real app (`createTestApp`), as a feature would add them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SERVER_LIMITS } from '../src/http/server-limits.ts';
import { ANONYMOUS_CHALLENGE, bearerChallenge, buildTestApp, createTestApp, listenOnLoopback, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { rawRequest } from './fixtures/raw-http.ts';
import { signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';
/** The test route's own body limit, below the app's default. */
const ROUTE_BODY_LIMIT = 1024;

/** Adds a route that needs a token and reads a JSON body, as a feature would. */
function addEchoRoute(app: FastifyInstance): void {
  app.post(
    '/api/test/echo',
    { config: { auth: 'authenticated' }, bodyLimit: ROUTE_BODY_LIMIT },
    async (request) => ({ received: request.body }),
  );
}

describe('HTTP edge', () => {
  let key: SigningKey;
  let jwksFile: string;
  let removeDir: () => Promise<void>;
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
    app = await createTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile });
    addEchoRoute(app);
    port = await listenOnLoopback(app);
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  const token = () => signAccessToken(key, { issuer: ISSUER });
  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json', ...headers }, payload });

  function assertNoCredentials(response: { statusCode: number; headers: Record<string, unknown>; json: () => { error: string } }): void {
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
    assert.equal(response.json().error, 'unauthorized');
  }

  it('accepts a body within the route limit with a valid token', async () => {
    const response = await post('{"text":"hello"}', { authorization: `Bearer ${await token()}` });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { received: { text: 'hello' } });
  });

  it('checks the token before reading the body: no token and malformed JSON is 401, not 400', async () => {
    assertNoCredentials(await post('{"text":'));
  });

  it('checks the token before reading the body: no token and a body over the limit is 401, not 413', async () => {
    assertNoCredentials(await post(JSON.stringify({ text: 'x'.repeat(1024 * 1024) })));
  });

  it('refuses a body over the route limit with 413 payload_too_large once the token is valid', async () => {
    const response = await post(JSON.stringify({ text: 'x'.repeat(ROUTE_BODY_LIMIT) }), { authorization: `Bearer ${await token()}` });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error, 'payload_too_large');
  });

  it('ignores a token sent in the body (JSON or form field access_token)', async () => {
    assertNoCredentials(await post(JSON.stringify({ access_token: await token() })));
    assertNoCredentials(
      await app.inject({
        method: 'POST',
        url: '/api/test/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `access_token=${await token()}`,
      }),
    );
  });

  it('refuses two Authorization headers with 400 invalid_request (RFC 6750 section 3.1)', async () => {
    const [first, second] = [await token(), await token()];
    const response = await rawRequest(
      port,
      `GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${first}\r\nAuthorization: Bearer ${second}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(response.statusCode, 400);
    const { scheme, params } = bearerChallenge(response.headers['www-authenticate']);
    assert.equal(scheme, 'Bearer');
    assert.equal(params.error, 'invalid_request');
    assert.equal(JSON.parse(response.body).error, 'invalid_request');
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('refuses request headers over the cap with 431 and a JSON body, before any route runs', async () => {
    const padding = 'a'.repeat(SERVER_LIMITS.maxHeaderBytes);
    const response = await rawRequest(
      port,
      `GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${await token()}\r\nCookie: pad=${padding}\r\n\r\n`,
    );
    assert.equal(response.statusCode, 431);
    assert.deepEqual(JSON.parse(response.body), { error: 'header_fields_too_large', message: 'The request headers are too large' });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('answers bytes that are not HTTP with a 400 JSON body', async () => {
    const response = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(response.statusCode, 400);
    assert.equal(JSON.parse(response.body).error, 'invalid_request');
  });

  it('sets finite request, header and keep-alive timeouts and a header cap on the server (Node defaults to no request timeout under Fastify)', async () => {
    const defaults = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile });
    const { server } = defaults;
    try {
      assert.equal(server.requestTimeout, SERVER_LIMITS.requestTimeoutMs);
      assert.equal(server.headersTimeout, SERVER_LIMITS.headersTimeoutMs);
      assert.equal(server.keepAliveTimeout, SERVER_LIMITS.keepAliveTimeoutMs);
      // Set from `http.createServer`'s options; @types/node does not declare it on Server.
      assert.equal((server as typeof server & { maxHeaderSize?: number }).maxHeaderSize, SERVER_LIMITS.maxHeaderBytes);
      assert.ok(SERVER_LIMITS.requestTimeoutMs > 0 && SERVER_LIMITS.requestTimeoutMs <= 60_000);
      assert.ok(SERVER_LIMITS.headersTimeoutMs <= SERVER_LIMITS.requestTimeoutMs);
    } finally {
      await defaults.close();
    }
  });
});

/** Each test ends when the server closes the connection; should it never, the test fails after this. */
const UNLESS_THE_SERVER_HANGS = { timeout: 20_000 };

describe('HTTP edge, with short timeouts', () => {
  let key: SigningKey;
  let removeDir: () => Promise<void>;
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    app = await createTestApp(
      { OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) },
      { limits: { ...SERVER_LIMITS, requestTimeoutMs: 300, headersTimeoutMs: 300, keepAliveTimeoutMs: 300, timeoutCheckIntervalMs: 50 } },
    );
    addEchoRoute(app);
    port = await listenOnLoopback(app);
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  it('cuts off a client that trickles its body (slow POST) with 408 request_timeout', UNLESS_THE_SERVER_HANGS, async () => {
    const head = `POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${await signAccessToken(key, { issuer: ISSUER })}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te`;
    const response = await rawRequest(port, head);
    assert.equal(response.statusCode, 408);
    assert.equal(JSON.parse(response.body).error, 'request_timeout');
  });

  it('cuts off a client that never finishes its headers (slowloris) with 408', UNLESS_THE_SERVER_HANGS, async () => {
    const response = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n');
    assert.equal(response.statusCode, 408);
  });

  it('closes an idle keep-alive connection', UNLESS_THE_SERVER_HANGS, async () => {
    const response = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    assert.equal(response.statusCode, 200);
  });
});
