/**
 * Processes of the benchmark pinned to one core (`taskset -c 0`), away from the load generator,
 * which `run.ts` pins to the other: on a 2-core machine, the server under test then has a core
 * of its own. Without `taskset`, or on one core, they run unpinned (and the ratios say less).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createServer } from 'node:net';
import { environmentWith } from '../../src/config.ts';

/**
 * The machine's cores, not this process's: `run.ts` starts P1's load generator on core 1 alone,
 * and `availableParallelism()` there says 1, which left the servers on the load's core.
 */
const PINNABLE = cpus().length >= 2 && spawnSync('taskset', ['-c', '0,1', 'true']).status === 0;

/** The command that runs a Node script on core 0 (or anywhere, when that cannot be done). */
export function pinnedCommand(args: readonly string[]): { command: string; args: string[] } {
  return PINNABLE ? { command: 'taskset', args: ['-c', '0', process.execPath, ...args] } : { command: process.execPath, args: [...args] };
}

/** Whether processes are pinned: the table says so. */
export const PINNED = PINNABLE;

export interface PinnedServer {
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A `.ts` argument is a script of this folder; other arguments go as they are. */
const scriptPath = (arg: string): string => (arg.endsWith('.ts') ? new URL(arg, import.meta.url).pathname : arg);

/** Starts `script` (relative to this folder) with `env` and a free `PORT`, and waits until it answers. */
export async function startPinnedServer(name: string, args: readonly string[], env: Record<string, string>): Promise<PinnedServer> {
  const port = await freePort();
  const { command, args: argv } = pinnedCommand(args.map(scriptPath));
  const child: ChildProcess = spawn(command, argv, { env: environmentWith({ ...env, PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${errors}`);
    const answered = await fetch(`${url}/api/me`).then(() => true, () => false);
    if (answered) break;
    if (attempt > 300) throw new Error(`${name} did not start: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (PINNABLE) assertOnCoreZero(name, child.pid);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The table says the servers had a core of their own: checked on the running process (`taskset`
 * execs Node, so the pid is the server's), rather than trusted, since a wrong check once left
 * them on the load's core.
 */
function assertOnCoreZero(name: string, pid: number | undefined): void {
  const status = pid === undefined ? '' : readFileSync(`/proc/${pid}/status`, 'utf8');
  const cores = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1];
  if (cores !== '0') throw new Error(`${name} runs on cores ${cores ?? '(unknown)'}, not on core 0 alone`);
}

/** Runs `script` (relative to this folder) pinned, and returns what it printed. */
export async function runPinned(args: readonly string[]): Promise<string> {
  const { command, args: argv } = pinnedCommand(args.map(scriptPath));
  const run = spawnSync(command, argv, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}
