/**
 * A system of a test's own: a real dev IdP and a real API (serving the built SPA), as child processes
 * on ports of their own, for tests that need what the shared system cannot give: short-lived access
 * tokens, an IdP to stop and start again, a signing key to rotate, no refresh tokens.
 *
 * The IdP keeps its state in a directory (IDP_STATE_DIR), so a restart signs nobody out, as with a
 * real IdP. The API reads the IdP's public keys from a file the IdP writes (OIDC_JWKS_FILE), so it
 * makes no request to the IdP and rereads the keys when the IdP rotates them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentWith, PORT_BASE } from './system.ts';

export interface OwnSystemOptions {
  /** Which of the test's systems this is: each slot has its own ports. */
  readonly slot: number;
  /** Access-token lifetime in seconds. */
  readonly accessTokenTtl: number;
  /** `false`: the IdP issues no refresh token, and the SPA renews by silent re-authentication. */
  readonly refreshTokens?: boolean;
  /** The IdP's token shape (`IDP_SHAPE`): `keycloak` for a Keycloak-shaped corporate IdP. */
  readonly idpShape?: 'rfc9068' | 'keycloak';
  /** A path for the IdP's issuer, Keycloak-style (`/realms/dev`). */
  readonly idpPath?: string;
  /** More settings of the app server (`OIDC_PROVIDER`, `OIDC_ROLE_MAP`…). */
  readonly appEnv?: Readonly<Record<string, string>>;
  /** The dev IdP's DPoP (`IDP_DPOP`): `off` for an IdP without DPoP. */
  readonly idpDpop?: 'nonce' | 'on' | 'off';
}

export interface OwnSystem {
  readonly appOrigin: string;
  readonly idpIssuer: string;
  /** The API's SQLite file, for a test that writes data the API cannot make (a past history). */
  readonly databasePath: string;
  /** Stops the IdP (SIGTERM) and waits until it has exited: its port refuses connections. */
  stopIdp(): Promise<void>;
  /** Starts the IdP again, with the state it had. */
  startIdp(): Promise<void>;
  /** Stops the API (SIGTERM) and waits until it has exited: its port refuses connections. */
  stopApp(): Promise<void>;
  /** Starts the API again, on the same database. */
  startApp(): Promise<void>;
  /** Restarts the IdP with a new signing key; it publishes the new key (only) to the API's key file. */
  rotateIdpKey(): Promise<void>;
  /** Stops everything this system started and removes its files. */
  stop(): Promise<void>;
}

/** The slots' ports sit between the shared system's app (base) and IdP (base + 100) ports. */
const SLOT_PORT_OFFSET = 10;

export async function startOwnSystem(options: OwnSystemOptions): Promise<OwnSystem> {
  const appPort = PORT_BASE + SLOT_PORT_OFFSET + options.slot;
  const idpPort = PORT_BASE + 100 + SLOT_PORT_OFFSET + options.slot;
  const appOrigin = `http://localhost:${appPort}`;
  const idpIssuer = `http://localhost:${idpPort}${options.idpPath ?? ''}`;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-own-'));
  const idpStateDir = join(dir, 'idp-state');
  const jwksFile = join(dir, 'jwks.json');
  const databasePath = join(dir, 'app.db');

  const idpEnv = {
    IDP_ISSUER: idpIssuer,
    APP_ORIGIN: appOrigin,
    IDP_ACCESS_TOKEN_TTL: String(options.accessTokenTtl),
    IDP_STATE_DIR: idpStateDir,
    IDP_PUBLIC_JWKS_FILE: jwksFile,
    IDP_REFRESH_TOKENS: options.refreshTokens === false ? 'off' : 'on',
    IDP_SHAPE: options.idpShape ?? 'rfc9068',
    IDP_DPOP: options.idpDpop ?? 'nonce',
  };
  const appEnv = {
    PORT: String(appPort),
    APP_ORIGIN: appOrigin,
    OIDC_ISSUER: idpIssuer,
    OIDC_JWKS_FILE: jwksFile,
    DATABASE_URL: `file:${databasePath}`,
    LOG_LEVEL: 'warn',
    ...options.appEnv,
  };

  let idp: ChildProcess | undefined = await startProcess('idp', '../idp/src/main.ts', idpEnv, `${idpIssuer}/.well-known/openid-configuration`);
  let app: ChildProcess | undefined;
  try {
    app = await startProcess('app', '../api/src/server.ts', appEnv, `${appOrigin}/api/health`);
  } catch (error) {
    await stopProcess(idp);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const startIdp = async () => {
    idp = await startProcess('idp', '../idp/src/main.ts', idpEnv, `${idpIssuer}/.well-known/openid-configuration`);
  };
  const stopIdp = async () => {
    await stopProcess(idp);
    idp = undefined;
  };
  return {
    appOrigin,
    idpIssuer,
    databasePath,
    stopIdp,
    startIdp,
    stopApp: async () => {
      await stopProcess(app);
      app = undefined;
    },
    startApp: async () => {
      app = await startProcess('app', '../api/src/server.ts', appEnv, `${appOrigin}/api/health`);
    },
    rotateIdpKey: async () => {
      await stopIdp();
      await rm(join(idpStateDir, 'signing-key.json'));
      await startIdp();
    },
    stop: async () => {
      await stopProcess(app);
      await stopProcess(idp);
      app = undefined;
      idp = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `node script` with `env` and waits until `readyUrl` answers 200. */
export async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  readyUrl: string,
  onStdout?: (text: string) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    cwd: import.meta.dirname + '/..',
    env: environmentWith(env),
    stdio: ['ignore', onStdout === undefined ? 'ignore' : 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => onStdout?.(chunk.toString()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start (${child.exitCode}): ${stderr}`);
    if (await answers(readyUrl)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child);
  throw new Error(`${name} did not become ready at ${readyUrl}: ${stderr}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Sends SIGTERM to a process this module started and waits for it to exit. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
