/**
 * Runs `npm run doctor` as the team would (`node src/doctor/main.ts`), with exactly the given
 * environment, and collects what it printed and how it exited.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../../', import.meta.url));

export interface DoctorRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The `PASS`/`WARN`/`FAIL` lines, each with the indented lines under it. */
  readonly checks: readonly string[];
}

export async function runDoctorProcess(env: Record<string, string>, args: string[] = [], stdin?: string): Promise<DoctorRun> {
  const child = spawn(process.execPath, ['src/doctor/main.ts', ...args], {
    cwd: API_DIR,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  return { exitCode, stdout, stderr, checks: checksIn(stdout) };
}

function checksIn(output: string): string[] {
  const checks: string[] = [];
  for (const line of output.split('\n')) {
    if (/^(PASS|WARN|FAIL) {2}/.test(line)) checks.push(line);
    else if (line.startsWith('      ') && checks.length > 0) checks[checks.length - 1] += `\n${line.trim()}`;
  }
  return checks;
}

export function failures(run: DoctorRun): string[] {
  return run.checks.filter((check) => check.startsWith('FAIL'));
}
