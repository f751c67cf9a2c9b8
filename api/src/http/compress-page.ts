/**
 * Compression of a page made per response (`index.html`, whose CSP nonce changes every time), by
 * content negotiation on `Accept-Encoding` (RFC 9110 §12.5.3). Static files are compressed once, at
 * build time, and negotiated by `@fastify/static` (`preCompressed`); this is the same choice for a
 * body that cannot be compressed ahead.
 */
import { negotiate } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** In the order we prefer them when the client likes them equally: brotli is the smaller. */
const ENCODINGS = ['br', 'gzip'] as const;

/**
 * Brotli quality 5 and gzip level 6: a page of a few kilobytes compresses in tens of microseconds
 * and nearly as small as at the highest settings, which take a hundred times longer.
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

/**
 * The body to send for `text`, compressed as the client prefers (`br`, `gzip`) or as it is
 * (`identity`, no `Accept-Encoding`, or `*;q=0`-style refusals the negotiator honours). Sets
 * `Content-Encoding` when compressed, and `Vary: Accept-Encoding` always, since the answer depends
 * on it: a shared cache must not hand one client's brotli to another that cannot read it.
 */
export function compressForClient(request: FastifyRequest, reply: FastifyReply, text: string): Buffer | string {
  reply.header('vary', 'accept-encoding');
  const accepted = request.headers['accept-encoding'];
  const encoding = typeof accepted === 'string' ? negotiate(accepted.toLowerCase(), [...ENCODINGS]) : null;
  if (encoding === 'br') {
    reply.header('content-encoding', 'br');
    return brotliCompressSync(text, {
      params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
  }
  if (encoding === 'gzip') {
    reply.header('content-encoding', 'gzip');
    return gzipSync(text, { level: GZIP_LEVEL });
  }
  return text;
}
