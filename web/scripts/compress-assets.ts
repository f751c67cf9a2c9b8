/**
 * After `ng build`: writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the
 * build, at the highest settings (done once per build, so the time is spent here rather than on
 * every request). The API serves them by content negotiation (`Accept-Encoding`, with
 * `Vary: Accept-Encoding`). `index.html` is left alone: the API fills in a fresh CSP nonce for each
 * response, so it compresses that page as it sends it. A copy that would not save at least 5 % is
 * not written (the file itself is then served).
 *
 * Usage: `node scripts/compress-assets.ts [dir]` (default: `dist/browser`).
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Files worth compressing: text. Images, fonts and the like are compressed already. */
export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.xml', '.webmanifest', '.map']);
/** Served through the API's page responder, which compresses it per response (its nonce changes). */
const SKIPPED = new Set(['index.html']);
const MIN_SAVING = 0.05;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** The compressed copies of one file, smallest settings that give the smallest output. */
async function compressFile(path: string): Promise<{ raw: number; br: number; gz: number }> {
  const content = await readFile(path);
  const br = await brotli(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  const gz = await gzipAsync(content, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  for (const [suffix, bytes] of [['.br', br], ['.gz', gz]] as const) {
    if (bytes.length <= content.length * (1 - MIN_SAVING)) await writeFile(`${path}${suffix}`, bytes);
    else await rm(`${path}${suffix}`, { force: true });
  }
  return { raw: content.length, br: br.length, gz: gz.length };
}

const dir = process.argv[2] ?? 'dist/browser';
let totals = { files: 0, raw: 0, br: 0, gz: 0 };
const files: string[] = [];
for await (const path of filesUnder(dir)) {
  const name = relative(dir, path);
  if (SKIPPED.has(name) || !TEXT_EXTENSIONS.has(extname(path))) continue;
  files.push(path);
}
for (const sizes of await Promise.all(files.map(compressFile))) {
  totals = { files: totals.files + 1, raw: totals.raw + sizes.raw, br: totals.br + sizes.br, gz: totals.gz + sizes.gz };
}
console.log(`Compressed ${totals.files} files in ${dir}: ${totals.raw} bytes, brotli ${totals.br}, gzip ${totals.gz}`);
