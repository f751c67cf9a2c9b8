/** `server.ts` as a process: refuses a bad config, listens, and stops cleanly on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { temporaryDirectory } from './fixtures/app.ts';
import { closedPort, startTestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile } from './fixtures/keys.ts';
import { captureLogText } from './fixtures/log-capture.ts';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const SERVER_WITH_SLOW_ROUTE = fileURLToPath(new URL('./fixtures/serve-with-slow-route.ts', import.meta.url));

function startServer(env: Record<string, string>, entry = SERVER) {
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    captureLogText(String(chunk));
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  /** Resolves once the server has printed `text` (the test runner's timeout bounds the wait). */
  const printed = async (text: string) => {
    while (!stdout.includes(text)) {
      if (child.exitCode !== null) throw new Error(`the server exited before printing ${text}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, printed, output: () => ({ stdout, stderr }) };
}

/** Whether a TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('server process', () => {
  it('exits 1 with a message naming the variable when the environment is invalid', async () => {
    const server = startServer({ PORT: 'eighty', APP_ORIGIN: 'http://localhost:4200/app' });
    assert.equal(await server.exited, 1);
    const { stderr } = server.output();
    assert.match(stderr, /PORT must be an integer/);
    assert.match(stderr, /APP_ORIGIN must be an origin/);
  });

  it('stops at start when OIDC_ISSUER differs from the IdP\'s discovery document (a trailing slash), naming the exact value', async () => {
    const idp = await startTestIdp([]);
    try {
      const server = startServer({ PORT: String(await closedPort()), DATABASE_URL: 'file::memory:', OIDC_ISSUER: `${idp.issuer}/` });
      assert.equal(await server.exited, 1);
      assert.match(server.output().stderr, new RegExp(`OIDC_ISSUER must be exactly "${idp.issuer}": the IdP's discovery document says so; got "${idp.issuer}/"`));
    } finally {
      await idp.close();
    }
  });

  it('refuses to start when the discovery document names a jwks_uri without https off this machine (keys in clear), naming the URL', async () => {
    const idp = await startTestIdp([]);
    idp.setDiscovery({ jwks_uri: 'http://idp.example.com/keys' });
    try {
      const server = startServer({ PORT: String(await closedPort()), DATABASE_URL: 'file::memory:', OIDC_ISSUER: idp.issuer });
      assert.equal(await server.exited, 1);
      assert.match(server.output().stderr, /discovery document names endpoints without https: jwks_uri http:\/\/idp\.example\.com\/keys/);
    } finally {
      await idp.close();
    }
  });

  it('says once at start that sign-out cannot revoke refresh tokens when the IdP has no revocation endpoint, and starts', async () => {
    const idp = await startTestIdp([]);
    idp.setDiscovery({ revocation_endpoint: undefined });
    const dir = await temporaryDirectory();
    const port = await closedPort();
    const server = startServer({ PORT: String(port), DATABASE_URL: 'file::memory:', OIDC_ISSUER: idp.issuer, WEB_DIST: dir.path });
    try {
      await server.printed('App and API at');
      const warnings = server.output().stdout.split('\n').filter((line) => line.includes('"level":40') && /revocation_endpoint/.test(line));
      assert.equal(warnings.length, 1);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    } finally {
      server.child.kill('SIGKILL');
      await idp.close();
      await dir.remove();
    }
  });

  it('starts when the IdP is down at start (a down IdP must not stop the API), and says so', async () => {
    const dir = await temporaryDirectory();
    const port = await closedPort();
    const server = startServer({ PORT: String(port), DATABASE_URL: 'file::memory:', OIDC_ISSUER: `http://localhost:${await closedPort()}`, WEB_DIST: dir.path });
    try {
      await server.printed('App and API at');
      assert.match(server.output().stdout, /discovery document cannot be had/);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    } finally {
      server.child.kill('SIGKILL');
      await dir.remove();
    }
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
      await server.printed('App and API at');
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

  it('finishes an in-flight request after SIGTERM, refuses new connections, then exits 0 (graceful shutdown)', { timeout: 30_000 }, async () => {
    const dir = await temporaryDirectory();
    const port = await closedPort();
    const server = startServer(
      {
        PORT: String(port),
        DATABASE_URL: 'file::memory:',
        OIDC_JWKS_FILE: await writeJwksFile(dir.path, jwksOf(await createSigningKey('k1'))),
        WEB_DIST: dir.path,
      },
      SERVER_WITH_SLOW_ROUTE,
    );
    try {
      await server.printed('"msg":"listening"');
      const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`);
      await server.printed('slow request started');

      server.child.kill('SIGTERM');
      await server.printed('shutting down: finishing in-flight requests');
      while (await accepts(port)) await new Promise((resolve) => setTimeout(resolve, 20));

      server.child.kill('SIGUSR2');
      const response = await inFlight;
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { finished: true });
      assert.equal(await server.exited, 0);
    } finally {
      server.child.kill('SIGKILL');
      await dir.remove();
    }
  });
});
