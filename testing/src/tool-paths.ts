/**
 * Where the real servers the tests start are installed: the one place the testing helpers read the
 * environment. Debian's packages by default; `NGINX_BINARY` and `POSTGRES_BIN_DIR` point elsewhere.
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
