/**
 * P2 of `npm run bench`: what the SPA sends before it can start, from the production build
 * (`web/dist`, built first, always: a build left from other code would measure that code): the scripts `index.html` loads, raw, gzip -9 and brotli
 * (the `.br` copies the build writes, which the API sends to browsers); the share of them that is
 * the sign-in and session code (`web/src/app/auth/` and `oauth4webapi`), measured from a
 * source-mapped build (spa-code-share.ts); and the token worker (named in the esbuild metafile the
 * build writes, `browser-stats.json`). Prints its rows for `run.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emitRow, ratioRow } from './bench-table.ts';
import { initialScripts, measureCodeShare } from './spa-code-share.ts';

const WEB = new URL('../../web/', import.meta.url).pathname;
const DIST = join(WEB, 'dist');
const BROWSER = join(DIST, 'browser');
const STATS = join(DIST, 'browser-stats.json');
/** The goals, in bytes (kB as the Angular CLI counts them: 1,000 bytes). */
const INITIAL_GOAL = 100_000;
const AUTH_GOAL = 10_000;

interface Metafile {
  readonly outputs: Record<string, unknown>;
}

console.log('building the SPA (npm run build -w @app/web)…');
const build = spawnSync('npm', ['run', 'build', '-w', '@app/web', '--silent'], { cwd: join(WEB, '..'), stdio: 'inherit' });
if (build.status !== 0) throw new Error('the SPA does not build');

const sizes = (file: string) => {
  const raw = readFileSync(join(BROWSER, file));
  const br = existsSync(join(BROWSER, `${file}.br`)) ? readFileSync(join(BROWSER, `${file}.br`)).length : raw.length;
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, br };
};
const sum = (files: readonly string[], pick: (s: ReturnType<typeof sizes>) => number) => files.reduce((total, file) => total + pick(sizes(file)), 0);

const page = readFileSync(join(BROWSER, 'index.html'), 'utf8');
const initial = initialScripts(page);
if (initial.length === 0) throw new Error('index.html loads no script');
const raw = sum(initial, (s) => s.raw);
const gzip = sum(initial, (s) => s.gzip);
const br = sum(initial, (s) => s.br);
console.log(`initial scripts: ${initial.join(', ')}`);

const metafile = JSON.parse(readFileSync(STATS, 'utf8')) as Metafile;
const isAuthCode = (source: string) => source.includes('src/app/auth/') || source.includes('node_modules/oauth4webapi/');
console.log('building the SPA again, with source maps, to find the sign-in code in it…');
const auth = measureCodeShare(WEB, isAuthCode, raw);
const worker = Object.keys(metafile.outputs).map((output) => output.split('/').pop() ?? '').find((file) => /^worker-.*\.js$/.test(file));

const kb = 'B';
emitRow({ ...ratioRow('P2', 'initial JS on the wire, brotli', br, kb, 'the same, uncompressed', raw, `≤ ${INITIAL_GOAL.toLocaleString('en')} B`), met: br <= INITIAL_GOAL });
emitRow({ ...ratioRow('P2', 'initial JS on the wire, gzip -9', gzip, kb, 'the same, uncompressed', raw, ''), met: undefined });
const authFigure = `auth code (src/app/auth + oauth4webapi) in the initial JS, its ${auth.raw.toLocaleString('en')} B gzip -9 alone; adds ${auth.gzipAdded.toLocaleString('en')} B to the whole's gzip`;
emitRow({ ...ratioRow('P2', authFigure, auth.gzipAlone, kb, 'initial JS, gzip -9', gzip, `≤ ${AUTH_GOAL.toLocaleString('en')} B`), met: auth.gzipAlone <= AUTH_GOAL });
if (worker !== undefined) {
  const w = sizes(worker);
  emitRow({ ...ratioRow('P2', `token worker (${worker}), brotli; gzip -9 ${w.gzip.toLocaleString('en')} B`, w.br, kb, 'the same, uncompressed', w.raw, ''), met: undefined });
}
