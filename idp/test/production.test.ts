import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

test('refuses to start when NODE_ENV=production, with a message naming the variable', async () => {
  const child = spawn(process.execPath, [MAIN], {
    // A port nobody listens on, in case the refusal ever regressed: the child must not hold 4000.
    env: { ...process.env, NODE_ENV: 'production', IDP_ISSUER: 'http://localhost:1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));

  assert.equal(exitCode, 1);
  assert.match(stderr, /NODE_ENV is "production"/);
  assert.match(stderr, /refuses to run in production/);
});
