/**
 * The tests' settings: the one module of the test tooling (these helpers and the e2e package) that
 * reads the environment. Where the real programs the tests start are installed (Debian's packages
 * by default; `NGINX_BINARY`, `POSTGRES_BIN_DIR` and `CHROMIUM_PATH` point elsewhere), and the
 * e2e system's ports (`E2E_PORT_BASE`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const setting = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** `NGINX_BINARY`, else Debian's nginx. */
export function nginxBinary(): string {
  return setting('NGINX_BINARY') ?? '/usr/sbin/nginx';
}

/** `POSTGRES_BIN_DIR`, else the newest of Debian's `/usr/lib/postgresql/<version>/bin`. */
export function postgresBinDir(): string {
  const fromEnv = setting('POSTGRES_BIN_DIR');
  if (fromEnv !== undefined) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (or set POSTGRES_BIN_DIR to its bin directory)');
  }
  return join(root, newest, 'bin');
}

/** `CHROMIUM_PATH`, else Debian's Chromium. */
export function chromiumPath(): string {
  return setting('CHROMIUM_PATH') ?? '/usr/bin/chromium';
}

/** `E2E_PORT_BASE`: the e2e system's app port (4300 unless set); its IdP and the tests' own systems take ports above it. */
export function e2ePortBase(): number {
  const value = setting('E2E_PORT_BASE');
  if (value === undefined) return 4300;
  const base = Number(value);
  if (!Number.isInteger(base) || base < 1024 || base > 64_000) throw new Error(`E2E_PORT_BASE must be an integer from 1024 to 64000, not "${value}"`);
  return base;
}

/** This process's environment with `overrides`: what a server or command the tests start is given. */
export function environmentWith(overrides: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}
