/**
 * The real dev IdP (`idp/src/main.ts`) as a child process on a free port, for the doctor's end-to-end
 * tests: nothing about it is mocked. Stopped by its ChildProcess, never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const IDP_MAIN = '../idp/src/main.ts';

export interface DevIdpOptions {
  readonly appOrigin: string;
  /** A path for the issuer, such as `/realms/dev`. */
  readonly issuerPath?: string;
  readonly shape?: 'rfc9068' | 'keycloak';
  readonly clientId?: string;
  readonly audience?: string;
}

export interface DevIdpProcess {
  readonly issuer: string;
  stop(): Promise<void>;
}

export async function startDevIdpProcess(options: DevIdpOptions): Promise<DevIdpProcess> {
  for (let attempt = 1; ; attempt++) {
    const issuer = `http://localhost:${await freePort()}${options.issuerPath ?? ''}`;
    const env = {
      IDP_ISSUER: issuer,
      APP_ORIGIN: options.appOrigin,
      IDP_SHAPE: options.shape ?? 'rfc9068',
      OIDC_CLIENT_ID: options.clientId ?? 'web',
      OIDC_AUDIENCE: options.audience ?? `${options.appOrigin}/api`,
    };
    const child = spawn(process.execPath, [IDP_MAIN], { cwd: API_DIR, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (await becomesReady(child, `${issuer}/.well-known/openid-configuration`)) return { issuer, stop: () => stopChild(child) };
    await stopChild(child);
    // Another test may have taken the port between our probe and the IdP's listen.
    if (attempt === 3 || !stderr.includes('EADDRINUSE')) throw new Error(`the dev IdP did not start at ${issuer}: ${stderr}`);
  }
}

async function becomesReady(child: ChildProcess, url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Sends SIGTERM to a process this module started and waits until it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
