import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { compressForClient } from './http/compress-page.ts';
import { isApiPath, pathOf } from './http/paths.ts';

/** The placeholder in `index.html` (`<app-root ngCspNonce="CSP_NONCE">`) replaced per response. */
export const CSP_NONCE_PLACEHOLDER = 'CSP_NONCE';

/**
 * Angular's output names carry an 8-character content hash: `main-ABCD1234.js` from esbuild, and
 * `chunk-80hTMY_o.js` (base64url) for the chunks its optimizer merges. Such files never change,
 * nor do their compressed copies (`main-ABCD1234.js.br`, `.gz`).
 */
const HASHED_FILE = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.br|\.gz)?$/;
/** The build's compressed copies are sent for their file, by negotiation, never asked for by name. */
const COMPRESSED_COPY = /\.(br|gz)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const INDEX_HTML_PATH = '/index.html';

export interface SpaOptions {
  /** The built SPA's directory (`WEB_DIST`). */
  readonly webDist: string;
}

/**
 * Serves the built SPA's files: hashed assets cached for a year, anything else revalidated. Text
 * files go compressed when the client accepts it: the build writes a brotli and a gzip copy beside
 * each (`web/scripts/compress-assets.ts`), chosen by `Accept-Encoding`, with
 * `Vary: Accept-Encoding` on every file answer. `index.html` is never served from disk as is: it
 * goes through {@link createIndexHtmlResponder}, for its nonce. A missing directory is not an
 * error: the API runs without a built SPA.
 */
export const spaPlugin: FastifyPluginAsync<SpaOptions> = async (app, { webDist }) => {
  await app.register(fastifyStatic, {
    root: webDist,
    index: false,
    cacheControl: false,
    preCompressed: true,
    // Directories (`/`, `/chat/`) and index.html go to the page responder; /api/ is never a file;
    // a compressed copy is never asked for by name (it would go out without its Content-Encoding).
    allowedPath: (path) => !path.endsWith('/') && path !== INDEX_HTML_PATH && !isApiPath(path) && !COMPRESSED_COPY.test(path),
    setHeaders: (reply, path) => {
      reply.header('cache-control', HASHED_FILE.test(path) ? IMMUTABLE : 'no-cache');
    },
  });
};

/**
 * Answers a GET for a page of the SPA (`/chat`, `/analytics?x=1`, `/auth/callback?code=…`) with
 * `index.html`, so deep links work. Each response replaces every `CSP_NONCE` with a fresh nonce
 * (16 random bytes, base64) that the response's CSP `style-src` also allows, then is compressed as
 * the client accepts (`compress-page.ts`). A path that looks like
 * a file (`/missing.js`) gets a 404, not HTML. Without a build, a 503 says what to run.
 */
export function createIndexHtmlResponder(
  webDist: string,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const indexHtmlPath = join(webDist, 'index.html');
  return async (request, reply) => {
    const path = pathOf(request.url);
    if (path !== INDEX_HTML_PATH && extname(path) !== '') {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    }
    // Read per page load (a few hundred bytes, from the OS cache): a rebuild is served without a restart.
    const page = await readFile(indexHtmlPath, 'utf8').catch(() => undefined);
    if (page === undefined) {
      return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store')
        .send('The web app is not built yet: run `npm run build`, then reload.\n');
    }
    const nonce = randomBytes(16).toString('base64');
    reply.indexHtmlCsp = { styleNonce: nonce };
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache')
      .send(compressForClient(request, reply, page.replaceAll(CSP_NONCE_PLACEHOLDER, nonce)));
  };
}
