/**
 * A real PostgreSQL server for tests: a new cluster (`initdb`) in a temporary directory, started
 * on a free loopback port, stopped and removed afterwards. The binaries are Debian's `postgresql`
 * package's (`/usr/lib/postgresql/<version>/bin`; `POSTGRES_BIN_DIR` to use others). PostgreSQL
 * refuses to run as root: when the tests run as root, the server runs as the `postgres` system
 * user (the package creates it).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './free-port.ts';
import { postgresBinDir } from './settings.ts';

const run = promisify(execFile);

export interface PostgresServer {
  readonly port: number;
  /** The superuser's URL of the `postgres` database (trust authentication, loopback only). */
  readonly url: string;
  /** The URL of one database of this server. */
  urlOf(database: string): string;
  /** Makes a new, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL with `psql` as the superuser, in `database` (`postgres` by default); returns its output. */
  psql(sql: string, database?: string): Promise<string>;
  /** Stops the server (fast shutdown: sessions are ended) and waits until it has exited. Data stays. */
  stop(): Promise<void>;
  /** Starts it again, on the same port, with the same data. */
  start(): Promise<void>;
  readonly running: boolean;
  /** Stops the server and removes its files. */
  remove(): Promise<void>;
}

export interface PostgresServerOptions {
  /** More `postgres -c name=value` settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * Settings for a throwaway server: no fsync (a crashed test machine loses nothing that matters;
 * a stopped or killed server still loses nothing acknowledged), room for many test apps' pools.
 */
const TEST_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  full_page_writes: 'off',
  max_connections: '300',
  shared_buffers: '64MB',
};

/** Makes a cluster and starts it. */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'pg-test-'));
  const dataDir = join(dir, 'data');
  const owner = await serverUser();
  if (owner !== undefined) await chown(dir, owner.uid, owner.gid);
  try {
    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'], {
      ...(owner === undefined ? {} : { uid: owner.uid, gid: owner.gid }),
      cwd: dir,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }

  const port = await findFreePort();
  const settings = { ...TEST_SETTINGS, ...options.settings, listen_addresses: '127.0.0.1', unix_socket_directories: dir };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    child = await startProcess(join(bin, 'postgres'), args, owner, dir);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    await stopProcess(running);
  };
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const psql = async (sql: string, database = 'postgres'): Promise<string> => {
    const { stdout } = await run(join(bin, 'psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', urlOf(database), '-c', sql]);
    return stdout.trim();
  };

  await start();
  return {
    port,
    url: urlOf('postgres'),
    urlOf,
    psql,
    createDatabase: async (name = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`) => {
      await psql(`CREATE DATABASE "${name}"`);
      return urlOf(name);
    },
    stop,
    start,
    get running() {
      return child !== undefined;
    },
    remove: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Root cannot run the server: it runs as the `postgres` system user then. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('Running as root, PostgreSQL needs the postgres system user (apt-get install postgresql creates it)');
  }
}

/** Children still running when this process exits are stopped, so no server outlives its tests. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGINT');
});

async function startProcess(
  command: string,
  args: readonly string[],
  owner: { uid: number; gid: number } | undefined,
  cwd: string,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(owner === undefined ? {} : { uid: owner.uid, gid: owner.gid }),
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      if (log.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`postgres exited at start (${code}): ${log}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGINT'), 30_000);
  try {
    await ready;
  } finally {
    clearTimeout(timeout);
  }
  // Keep reading, so a full pipe never blocks the server.
  child.stderr?.resume();
  return child;
}

/** SIGINT: PostgreSQL's fast shutdown (ends sessions, writes everything, exits). */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await exited;
}
