/**
 * The real API serving the real build: every script `index.html` loads, and the page itself, go
 * compressed as the client accepts (brotli, gzip, or as they are), with `Vary: Accept-Encoding`,
 * and decompress to the very bytes the build wrote. The page still works, CSP and all, when the
 * browser takes it compressed (every other test does: Chromium accepts br).
 */
import { get } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AppPath } from '@app/contracts';
import { APP_ORIGIN } from './system.ts';
import { expect, test } from './fixtures.ts';

const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist', 'browser');

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, not decompressed. */
  readonly body: Buffer;
}

/** A GET with exactly these headers, whose body is kept as sent (Playwright's client would decompress it). */
function rawGet(path: string, acceptEncoding: string | undefined): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = get(`${APP_ORIGIN}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The scripts and styles `index.html` loads, as the build wrote it. */
async function initialAssets(): Promise<string[]> {
  const page = await readFile(join(WEB_DIST, 'index.html'), 'utf8');
  return [...page.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? '');
}

test.describe('compressed static files, from the real build', () => {
  test('every initial script and style goes as brotli, gzip or itself, as accepted, decompressing to the built file', async () => {
    const assets = await initialAssets();
    expect(assets.some((asset) => asset.startsWith('main-'))).toBe(true);
    for (const asset of assets) {
      const built = await readFile(join(WEB_DIST, asset));
      const br = await rawGet(`/${asset}`, 'gzip, deflate, br, zstd');
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(String(br.headers['vary'])).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.body).equals(built)).toBe(true);

      const gzip = await rawGet(`/${asset}`, 'gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(String(gzip.headers['vary'])).toMatch(/accept-encoding/i);
      expect(gunzipSync(gzip.body).equals(built)).toBe(true);

      const identity = await rawGet(`/${asset}`, undefined);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(String(identity.headers['vary'])).toMatch(/accept-encoding/i);
      expect(identity.body.equals(built)).toBe(true);
    }
  });

  test('index.html goes compressed too, each response with its own CSP nonce, and the app starts from it', async ({ page }) => {
    const built = await readFile(join(WEB_DIST, 'index.html'), 'utf8');
    const response = await rawGet(AppPath.Chat, 'br');
    expect(response.headers['content-encoding']).toBe('br');
    expect(String(response.headers['vary'])).toMatch(/accept-encoding/i);
    const nonce = /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))?.[1] ?? '';
    expect(nonce).not.toBe('');
    expect(brotliDecompressSync(response.body).toString()).toBe(built.replaceAll('CSP_NONCE', nonce));

    const answers: Record<string, string | undefined> = {};
    page.on('response', (answer) => {
      if (answer.url().startsWith(APP_ORIGIN) && !answer.url().includes('/api/')) answers[new URL(answer.url()).pathname] = answer.headers()['content-encoding'];
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(answers['/']).toBe('br');
    expect(Object.entries(answers).filter(([path]) => path.startsWith('/main-')).map(([, encoding]) => encoding)).toEqual(['br']);
  });
});
