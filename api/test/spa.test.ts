/** Serving the built SPA: deep links, per-response CSP nonce, caching, and life without a build. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile } from './fixtures/keys.ts';

const INDEX_HTML = `<!doctype html>
<html><head>
<link rel="stylesheet" href="styles-ABCDEFGH.css" nonce="CSP_NONCE">
</head><body>
<app-root ngCspNonce="CSP_NONCE"></app-root>
<script src="main-ABCDEFGH.js" type="module" nonce="CSP_NONCE"></script>
</body></html>`;

/**
 * What the fixture's compressed copies decompress to: not the file itself, so a test can tell
 * which copy was sent (the build writes the file's own bytes, see the end-to-end tests).
 */
const MAIN_JS_AS_BROTLI = 'console.log("brotli copy");';
const MAIN_JS_AS_GZIP = 'console.log("gzip copy");';

function styleNonceOf(csp: unknown): string | undefined {
  return /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(String(csp))?.[1];
}

describe('SPA', () => {
  let app: FastifyInstance;
  let removeDir: () => Promise<void>;

  before(async () => {
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    const webDist = join(dir.path, 'browser');
    await mkdir(webDist);
    await writeFile(join(webDist, 'index.html'), INDEX_HTML);
    await writeFile(join(webDist, 'main-ABCDEFGH.js'), 'console.log("app");');
    await writeFile(join(webDist, 'main-ABCDEFGH.js.br'), brotliCompressSync(MAIN_JS_AS_BROTLI));
    await writeFile(join(webDist, 'main-ABCDEFGH.js.gz'), gzipSync(MAIN_JS_AS_GZIP));
    await writeFile(join(webDist, 'chunk-80hTMY_o.js'), 'export {};');
    await writeFile(join(webDist, 'favicon.ico'), 'icon');
    const key = await createSigningKey('k1');
    app = await buildTestApp({ WEB_DIST: webDist, OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) });
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  for (const url of ['/chat', '/analytics?x=1', '/auth/callback?code=abc&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000', '/']) {
    it(`serves index.html for ${url}, with a fresh nonce in the page and in the CSP`, async () => {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.ok(!response.body.includes('CSP_NONCE'));
      const nonce = styleNonceOf(response.headers['content-security-policy']);
      assert.ok(nonce !== undefined && Buffer.from(nonce, 'base64').length === 16);
      assert.ok(response.body.includes(`<app-root ngCspNonce="${nonce}">`));
      assert.equal(response.body.split(nonce).length - 1, 3);
    });
  }

  it('uses a different nonce for each response', async () => {
    const first = styleNonceOf((await app.inject({ url: '/chat' })).headers['content-security-policy']);
    const second = styleNonceOf((await app.inject({ url: '/chat' })).headers['content-security-policy']);
    assert.notEqual(first, second);
  });

  it('allows scripts from our origin only, never inline script (XSS)', async () => {
    const csp = String((await app.inject({ url: '/chat' })).headers['content-security-policy']);
    assert.match(csp, /script-src 'self';/);
  });

  it('never serves the raw index.html with its placeholder', async () => {
    const response = await app.inject({ url: '/index.html' });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('CSP_NONCE'));
  });

  it('serves the optimizer\'s chunks, hashed in base64url, as immutable too (not revalidated on every load)', async () => {
    const response = await app.inject({ url: '/chunk-80hTMY_o.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    const unhashed = await app.inject({ url: '/favicon.ico' });
    assert.equal(unhashed.headers['cache-control'], 'no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    const response = await app.inject({ url: '/main-ABCDEFGH.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['content-security-policy']?.toString().includes('nonce-'), false);
  });

  it('sends the brotli copy of a file to a client that accepts br, with Vary: Accept-Encoding, cached as the file', async () => {
    const response = await app.inject({ url: '/main-ABCDEFGH.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-encoding'], 'br');
    assert.match(String(response.headers['content-type']), /javascript/);
    assert.match(String(response.headers.vary), /accept-encoding/i);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(brotliDecompressSync(response.rawPayload).toString(), MAIN_JS_AS_BROTLI);
  });

  it('sends the gzip copy to a client that accepts gzip only, and the file itself to one that accepts neither', async () => {
    const gzip = await app.inject({ url: '/main-ABCDEFGH.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.rawPayload).toString(), MAIN_JS_AS_GZIP);
    const identity = await app.inject({ url: '/main-ABCDEFGH.js', headers: { 'accept-encoding': 'identity' } });
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.match(String(identity.headers.vary), /accept-encoding/i);
    assert.equal(identity.body, 'console.log("app");');
  });

  it('never sends a compressed copy asked for by name (it would go out without its Content-Encoding)', async () => {
    assert.equal((await app.inject({ url: '/main-ABCDEFGH.js.br' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/main-ABCDEFGH.js.gz' })).statusCode, 404);
  });

  it('compresses each index.html response, with its own nonce, as the client accepts', async () => {
    for (const [accepted, decompress] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const response = await app.inject({ url: '/chat', headers: { 'accept-encoding': accepted } });
      assert.equal(response.headers['content-encoding'], accepted);
      assert.match(String(response.headers.vary), /accept-encoding/i);
      const page = decompress(response.rawPayload).toString();
      const nonce = styleNonceOf(response.headers['content-security-policy']);
      assert.ok(nonce !== undefined && page.includes(`<app-root ngCspNonce="${nonce}">`));
      assert.ok(!page.includes('CSP_NONCE'));
    }
    const plain = await app.inject({ url: '/chat' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body, /<app-root ngCspNonce=/);
  });

  it('serves unhashed files with revalidation', async () => {
    const response = await app.inject({ url: '/favicon.ico' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-cache');
  });

  it('answers 404, not index.html, for a missing file', async () => {
    const response = await app.inject({ url: '/missing-ABCDEFGH.js' });
    assert.equal(response.statusCode, 404);
    assert.ok(!response.body.includes('<app-root'));
  });

  it('answers 404 to a POST outside the API', async () => {
    assert.equal((await app.inject({ method: 'POST', url: '/chat' })).statusCode, 404);
  });

  it('answers an unknown /api path with a JSON 404, not the SPA', async () => {
    const response = await app.inject({ url: '/api/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: 'not_found', message: 'No such API route' });
  });

  it('answers a wrong method on an API route with a JSON 405', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/me' });
    assert.equal(response.statusCode, 405);
    assert.equal(response.json().error, 'method_not_allowed');
    assert.match(String(response.headers.allow), /GET/);
  });
});

describe('SPA without a build', () => {
  it('starts, serves the API, and says to run npm run build', async () => {
    const dir = await temporaryDirectory();
    const key = await createSigningKey('k1');
    const app = await buildTestApp({ WEB_DIST: join(dir.path, 'nothing'), OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(key)) });
    try {
      assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
      const page = await app.inject({ url: '/chat' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build/);
    } finally {
      await app.close();
      await dir.remove();
    }
  });
});
