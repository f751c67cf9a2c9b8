/**
 * `npm run bench`: every benchmark, one after the other, each beside the baselines it runs in the
 * same minutes, then one Markdown table of every figure with its ratio to its baseline and the raw
 * numbers (these machines are noisy: only the ratios compare across runs). Each part starts what it
 * needs and stops it after:
 *
 * - P1 `guard/guard-throughput.ts`: the token guard's request rate (the load pinned to core 1, the
 *   servers to core 0, with `taskset`);
 * - P2 `spa-bytes.ts`: the SPA's initial bytes;
 * - P3 `e2e/bench/sign-in-timing.ts`: sign-in in Chromium against the dev IdP;
 * - P4 `chat/stream-delivery.ts` (a message to N live streams) and `analytics.ts` (the analytics
 *   summary over a million messages); and `dpop.ts`, what a DPoP proof costs (its own table).
 *
 * `-- --quick` makes each short (seconds, for CI: it checks the bench runs, not the speed);
 * `-- --postgres <url>` (and `--fresh`, `--runs N`) go to the analytics benchmark.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { markdownTable, ROW_PREFIX, ratioRow, type BenchRow } from './bench-table.ts';
import { pinnedCommand, PINNED } from './guard/pinned-process.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    runs: { type: 'string' },
  },
});
const quick = values.quick ? ['--quick'] : [];
const analyticsArgs = [
  ...(values.runs !== undefined ? ['--runs', values.runs] : values.quick ? ['--runs', '3'] : []),
  ...(values.postgres !== undefined ? ['--postgres', values.postgres] : []),
  ...(values.fresh ? ['--fresh'] : []),
];

const here = (path: string) => new URL(path, import.meta.url).pathname;
/** The load generator's side of P1 on core 1, away from the servers on core 0. */
const onLoadCore = (args: string[]) => {
  if (!PINNED) return { command: process.execPath, args };
  const { args: pinned } = pinnedCommand(args);
  return { command: 'taskset', args: ['-c', '1', ...pinned.slice(2)] };
};

interface Part {
  readonly name: string;
  readonly command: { readonly command: string; readonly args: readonly string[] };
  /** Where it runs from, when that matters. */
  readonly cwd?: string;
  /** Rows read from the part's human output, for the parts that print no rows of their own. */
  readonly readRows?: (output: string) => BenchRow[];
}

const PARTS: readonly Part[] = [
  { name: 'P1 the token guard', command: onLoadCore([here('guard/guard-throughput.ts'), ...quick]) },
  { name: 'P2 the SPA\'s bytes', command: { command: process.execPath, args: [here('spa-bytes.ts')] } },
  { name: 'P3 sign-in in Chromium', command: { command: process.execPath, args: [here('../../e2e/bench/sign-in-timing.ts'), ...quick] }, cwd: here('../../e2e/') },
  { name: 'P4 chat: a message to N live streams', command: { command: process.execPath, args: [here('chat/stream-delivery.ts'), ...quick] } },
  { name: 'P4 analytics', command: { command: process.execPath, args: [here('analytics.ts'), ...analyticsArgs] }, readRows: analyticsRows },
  { name: 'DPoP cost', command: { command: process.execPath, args: [here('dpop.ts'), ...quick] } },
];

/** The analytics benchmark's own table, its first query (the last 90 days) as a row. */
function analyticsRows(output: string): BenchRow[] {
  const line = output.split('\n').find((text) => text.startsWith('last 90 days, every room'));
  const ms = [...(line ?? '').matchAll(/([\d.]+) ms/g)].map((match) => Number(match[1]));
  const [million, , hundredK] = ms;
  if (million === undefined || hundredK === undefined) throw new Error('the analytics benchmark printed no figures');
  return [ratioRow('P4', 'analytics summary, last 90 days over 1,000,000 messages (median)', million, 'ms', 'the same over 100,000 messages', hundredK, '')];
}

async function runPart(part: Part): Promise<BenchRow[]> {
  console.log(`\n== ${part.name}`);
  const child = spawn(part.command.command, [...part.command.args], { stdio: ['ignore', 'pipe', 'inherit'], ...(part.cwd === undefined ? {} : { cwd: part.cwd }) });
  const rows: BenchRow[] = [];
  let output = '';
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(ROW_PREFIX)) rows.push(JSON.parse(line.slice(ROW_PREFIX.length)) as BenchRow);
    else {
      output += `${line}\n`;
      console.log(line);
    }
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  if (code !== 0) throw new Error(`${part.name} failed (exit ${String(code)})`);
  return [...rows, ...(part.readRows?.(output) ?? [])];
}

const rows: BenchRow[] = [];
for (const part of PARTS) rows.push(...(await runPart(part)));
console.log(`\n## npm run bench${values.quick ? ' -- --quick (short runs: the figures say little)' : ''}\n`);
console.log(`Node ${process.version}; ${PINNED ? 'P1 servers pinned to core 0, load to core 1 (taskset)' : 'no core pinning'}; ${new Date().toISOString()}\n`);
console.log(markdownTable(rows));
