/**
 * `npm run bench`: every benchmark, one after the other, each printing its ratios to the baselines
 * it runs beside. `-- --quick` makes each short (fewer runs), for a first look.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });

const BENCHMARKS: readonly { readonly script: string; readonly quick: readonly string[] }[] = [
  { script: 'analytics.ts', quick: ['--runs', '3'] },
  { script: 'dpop.ts', quick: ['--quick'] },
];

for (const { script, quick } of BENCHMARKS) {
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, [new URL(script, import.meta.url).pathname, ...(values.quick ? quick : [])], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
