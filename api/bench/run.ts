/**
 * `npm run bench`: every benchmark, one after the other, each printing its ratios to the baselines
 * it runs beside. `-- --quick` makes each short (fewer runs), for a first look; `-- --postgres <url>`
 * (and `--fresh`, `--runs N`) go to the analytics benchmark, which then runs on PostgreSQL too.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    runs: { type: 'string' },
  },
});

const analyticsArgs = [
  ...(values.runs !== undefined ? ['--runs', values.runs] : values.quick ? ['--runs', '3'] : []),
  ...(values.postgres !== undefined ? ['--postgres', values.postgres] : []),
  ...(values.fresh ? ['--fresh'] : []),
];

const BENCHMARKS: readonly { readonly script: string; readonly args: readonly string[] }[] = [
  { script: 'analytics.ts', args: analyticsArgs },
  { script: 'dpop.ts', args: values.quick ? ['--quick'] : [] },
];

for (const { script, args } of BENCHMARKS) {
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
