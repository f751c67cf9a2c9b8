/** `server.ts` as a process: refuses a bad config, listens, and stops cleanly on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { temporaryDirectory } from './fixtures/app.ts';
import { closedPort } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile } from './fixtures/keys.ts';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [SERVER], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('server process', () => {
  it('exits 1 with a message naming the variable when the environment is invalid', async () => {
    const server = startServer({ PORT: 'eighty', APP_ORIGIN: 'http://localhost:4200/app' });
    assert.equal(await server.exited, 1);
    const { stderr } = server.output();
    assert.match(stderr, /PORT must be an integer/);
    assert.match(stderr, /APP_ORIGIN must be an origin/);
  });

  it('listens on loopback, serves requests, and exits 0 on SIGTERM', async () => {
    const dir = await temporaryDirectory();
    const port = await closedPort();
    const server = startServer({
      PORT: String(port),
      DATABASE_URL: 'file::memory:',
      OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(await createSigningKey('k1'))),
      WEB_DIST: dir.path,
    });
    try {
      const deadline = Date.now() + 10_000;
      while (!server.output().stdout.includes('App and API at') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(server.output().stdout, new RegExp(`App and API at http://localhost:${port}`));
      const response = await fetch(`http://localhost:${port}/api/health`);
      assert.equal(response.status, 200);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    } finally {
      server.child.kill('SIGKILL');
      await dir.remove();
    }
  });
});
