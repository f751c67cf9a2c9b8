/** Logs: structured, with a request id, and never a token (RFC 6750 §5.3: tokens must not leak). */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, listenOnLoopback, temporaryDirectory } from './fixtures/app.ts';
import { rawRequest } from './fixtures/raw-http.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { nowSeconds, signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

/** A log stream for a test app, and the lines written to it. */
function collectLines(): { lines: string[]; logStream: Writable } {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logStream };
}

describe('logging', () => {
  const { lines, logStream } = collectLines();
  let app: FastifyInstance;
  let key: SigningKey;
  let removeDir: () => Promise<void>;

  before(async () => {
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    key = await createSigningKey('k1');
    app = await buildTestApp(
      { LOG_LEVEL: 'trace', OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) },
      { logStream },
    );
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  /** Neither the token nor its payload or signature part (the header part is the same for every token). */
  function assertNotLogged(token: string): void {
    const [, payload = token, signature = token] = token.split('.');
    for (const line of lines) {
      for (const part of [token, payload, signature]) assert.ok(!line.includes(part), `a log line holds the token: ${line}`);
    }
  }

  it('never logs a token sent in the header or the query string', async () => {
    const valid = await signAccessToken(key, { issuer: ISSUER });
    const expired = await signAccessToken(key, { issuer: ISSUER, claims: { iat: nowSeconds() - 900, exp: nowSeconds() - 600 } });
    lines.length = 0;
    for (const token of [valid, expired]) {
      await app.inject({ url: `/api/me?access_token=${token}`, headers: { authorization: `Bearer ${token}`, cookie: `token=${token}` } });
      await app.inject({ url: `/api/nope?access_token=${token}`, headers: { authorization: `Bearer ${token}` } });
      await app.inject({ url: `/chat?access_token=${token}`, headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'POST', url: `/api/me?access_token=${token}`, headers: { authorization: `Bearer ${token}` } });
    }
    assert.ok(lines.length > 0, 'the logger stream was captured');
    assertNotLogged(valid);
    assertNotLogged(expired);
  });

  it('logs each request with a request id and its path, without the query string', async () => {
    lines.length = 0;
    await app.inject({ url: '/api/health?probe=1' });
    const incoming = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'incoming request');
    assert.ok(incoming);
    assert.equal(typeof incoming.reqId, 'string');
    assert.equal(incoming.req.url, '/api/health');
    assert.equal(incoming.req.headers, undefined);
  });

  it('writes one access line per request at info, when it is answered: method, path, client, status and time', async () => {
    const { lines: infoLines, logStream: infoStream } = collectLines();
    const dir = await temporaryDirectory();
    const atInfo = await buildTestApp({ LOG_LEVEL: 'info', OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) }, { logStream: infoStream });
    try {
      infoLines.length = 0;
      await atInfo.inject({ url: '/api/health?probe=1', remoteAddress: '192.0.2.7' });
      const entries = infoLines.map((line) => JSON.parse(line));
      assert.deepEqual(entries.map((entry) => entry.msg), ['request completed']);
      const [line] = entries;
      assert.equal(typeof line.reqId, 'string');
      assert.deepEqual(line.req, { method: 'GET', url: '/api/health', remoteAddress: '192.0.2.7' });
      assert.deepEqual(line.res, { statusCode: 200 });
      assert.equal(typeof line.responseTime, 'number');
    } finally {
      await atInfo.close();
      await dir.remove();
    }
  });

  it('still writes each request as it arrives at debug, so one never answered shows', async () => {
    lines.length = 0;
    await app.inject({ url: '/api/health' });
    const entries = lines.map((line) => JSON.parse(line));
    const incoming = entries.find((entry) => entry.msg === 'incoming request');
    const completed = entries.find((entry) => entry.msg === 'request completed');
    assert.equal(incoming?.level, 20);
    assert.equal(completed?.reqId, incoming.reqId);
  });

  it('logs why a token was refused, by code and reason, without its claims', async () => {
    lines.length = 0;
    const token = await signAccessToken(key, { issuer: 'http://localhost:9999', claims: { sub: 'mallory@example.com' } });
    await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    const refusal = lines.map((line) => JSON.parse(line)).find((entry) => entry.auth === 'ERR_INVALID_TOKEN');
    assert.ok(refusal);
    assert.equal(refusal.reason, 'issuer');
    assert.ok(!lines.some((line) => line.includes('mallory')));
  });

  it('never logs the raw bytes of a request Node refused to parse (they hold its Authorization header)', async () => {
    const token = await signAccessToken(key, { issuer: ISSUER });
    const port = await listenOnLoopback(app);
    lines.length = 0;
    const response = await rawRequest(port, `GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(response.statusCode, 431);
    const refusal = lines.map((line) => JSON.parse(line)).find((entry) => entry.clientError === 'HPE_HEADER_OVERFLOW');
    assert.ok(refusal, 'the refusal is logged, by code');
    assert.ok(!lines.some((line) => line.includes('rawPacket')), 'no raw packet in the log');
    assertNotLogged(token);
  });

  it('warns at every start about settings that weaken the guard or the rate limits', async () => {
    const { lines: startLines, logStream: startStream } = collectLines();
    const dir = await temporaryDirectory();
    const weakened = await buildTestApp(
      {
        APP_ORIGIN: 'https://app.example.com',
        OIDC_AUDIENCE: 'https://app.example.com/api',
        OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT',
        OIDC_ISSUER: ISSUER,
        OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)),
      },
      { logStream: startStream },
    );
    try {
      const warnings = startLines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40).map((entry) => String(entry.msg));
      assert.ok(warnings.some((message) => message.startsWith('OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT')));
      assert.ok(warnings.some((message) => message.includes('TRUST_PROXY is unset')));
    } finally {
      await weakened.close();
      await dir.remove();
    }
  });
});
