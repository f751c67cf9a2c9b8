/**
 * How many of the initial scripts' bytes are some code's (the sign-in code, for P2), measured rather
 * than estimated. The esbuild metafile only counts bytes per input, before the build's last pass
 * (the chunk optimizer) rewrites the chunks: its counts add up to more than the files. So the SPA is
 * built a second time with source maps, into a temporary directory; every byte of its initial
 * scripts is given to the source its mapping segment names, and the bytes of the code asked about
 * are gzipped as they are in the output. That build's code is the shipped one's but for a few
 * identifiers the optimizer renames differently, which `measureCodeShare` checks by length.
 */
import { decode } from '@jridgewell/sourcemap-codec';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface CodeShare {
  /** The code's bytes in the initial scripts, uncompressed. */
  readonly raw: number;
  /** Those bytes on their own, gzip -9: what they weigh without the rest's words to share. */
  readonly gzipAlone: number;
  /** What they add to the initial scripts' gzip -9: the scripts' gzip less theirs without the code. */
  readonly gzipAdded: number;
}

interface SourceMap {
  readonly sources: readonly string[];
  readonly mappings: string;
}

const gzip = (text: string) => gzipSync(text, { level: 9 }).length;
/** The comments a source-mapped build adds at the end of each script. */
const withoutMapComments = (code: string) => code.replace(/\n\/\/# (?:debugId|sourceMappingURL)=[^\n]*/g, '');

/** The scripts `index.html` loads at start: `<script src>` and `<link rel="modulepreload">`. */
export function initialScripts(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

/**
 * The share of the initial scripts that comes from sources `isCode` picks. `web` is the SPA's
 * workspace; `shippedLength` the length of the shipped initial scripts, which the source-mapped
 * build must match within 0.1 %.
 */
export function measureCodeShare(web: string, isCode: (source: string) => boolean, shippedLength: number): CodeShare {
  const out = mkdtempSync(join(tmpdir(), 'spa-mapped-'));
  try {
    const build = spawnSync('npx', ['ng', 'build', '--source-map', '--output-path', out], { cwd: web, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('the SPA does not build with source maps');
    const browser = join(out, 'browser');
    let code = '';
    let rest = '';
    let all = '';
    for (const file of initialScripts(readFileSync(join(browser, 'index.html'), 'utf8'))) {
      const script = withoutMapComments(readFileSync(join(browser, file), 'utf8'));
      const map = JSON.parse(readFileSync(join(browser, `${file}.map`), 'utf8')) as SourceMap;
      const split = splitBySource(script, map, isCode);
      code += split.code;
      rest += split.rest;
      all += script;
    }
    const allBytes = Buffer.byteLength(all);
    if (Math.abs(allBytes - shippedLength) > shippedLength / 1000) {
      throw new Error(`the source-mapped build's initial scripts (${allBytes} B) are not the shipped ones (${shippedLength} B)`);
    }
    return { raw: Buffer.byteLength(code), gzipAlone: gzip(code), gzipAdded: gzip(all) - gzip(rest) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Each mapping segment runs from its column to the next segment's (or the line's end); a segment
 * without a source (the bundler's own glue) counts as the rest.
 */
function splitBySource(script: string, map: SourceMap, isCode: (source: string) => boolean): { code: string; rest: string } {
  const lines = decode(map.mappings);
  let code = '';
  let rest = '';
  script.split('\n').forEach((line, index) => {
    let from = 0;
    let mine = false;
    const take = (to: number) => {
      if (mine) code += line.slice(from, to);
      else rest += line.slice(from, to);
      from = to;
    };
    for (const segment of lines[index] ?? []) {
      take(segment[0]);
      mine = segment.length > 1 && isCode(map.sources[segment[1]!] ?? '');
    }
    take(line.length);
    rest += '\n';
  });
  return { code, rest };
}
