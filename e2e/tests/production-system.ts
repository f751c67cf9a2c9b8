/**
 * The production topology, for real, on this machine: nginx (Debian's) terminating TLS with a
 * self-signed certificate made here, load-balancing between two API processes with
 * `NODE_ENV=production`, an https `APP_ORIGIN` and `TRUST_PROXY`, both on one PostgreSQL server
 * (a throwaway cluster), and a dev IdP. nginx runs the repository's own site template
 * (`deploy/nginx/teamspace.conf.template`), the one the compose file deploys.
 *
 * Ports: nginx at base + 50 (https) and + 51 (http, redirects), the API instances at + 52 and + 53,
 * the IdP at base + 150; PostgreSQL on a free port.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate, startNginx, startPostgresServer, type NginxServer, type PostgresServer } from '@app/testing';
import { startProcess, stopProcess } from './own-system.ts';
import { PORT_BASE } from './system.ts';

/** A request as an API instance logged it on arrival ("incoming request", written at `debug`). */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  /** The client's address as the API took it: with `TRUST_PROXY`, from nginx's `X-Forwarded-For`. */
  readonly remoteAddress: string;
}

/** One API process, and what it logged. */
export interface ApiInstance {
  readonly name: string;
  readonly address: string;
  /** Each request this instance received, in order. */
  requests(): LoggedRequest[];
  /** The requests it received and has not answered yet (a live stream stays here while open). */
  unanswered(): LoggedRequest[];
  /** Stops the process as a deploy does (SIGTERM: it drains and exits); its log stays readable. */
  stop(): Promise<void>;
  /** Starts it again, if stopped, on the same address and database; resolves when it is ready. */
  start(): Promise<void>;
}

export interface ProductionSystem {
  /** `https://localhost:<port>`: nginx, the only way in. */
  readonly appOrigin: string;
  /** nginx's plain-http port, which only redirects. */
  readonly httpOrigin: string;
  readonly idpIssuer: string;
  readonly instances: readonly [ApiInstance, ApiInstance];
  stop(): Promise<void>;
}

const TEMPLATE = join(import.meta.dirname, '../../deploy/nginx/teamspace.conf.template');

export async function startProductionSystem(): Promise<ProductionSystem> {
  const httpsPort = PORT_BASE + 50;
  const httpPort = PORT_BASE + 51;
  const apiPorts = [PORT_BASE + 52, PORT_BASE + 53] as const;
  const appOrigin = `https://localhost:${httpsPort}`;
  const idpIssuer = `http://localhost:${PORT_BASE + 150}`;
  const dir = await mkdtemp(join(tmpdir(), 'e2e-production-'));
  const running: (() => Promise<void>)[] = [async () => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const stopOne of running.splice(0).reverse()) await stopOne().catch(() => undefined);
  };

  try {
    const postgres: PostgresServer = await startPostgresServer();
    running.push(() => postgres.remove());
    const databaseUrl = await postgres.createDatabase('teamspace');

    const idp: ChildProcess = await startProcess('idp', '../idp/src/main.ts', {
      IDP_ISSUER: idpIssuer,
      APP_ORIGIN: appOrigin,
      IDP_ACCESS_TOKEN_TTL: '300',
    }, `${idpIssuer}/.well-known/openid-configuration`);
    running.push(() => stopProcess(idp));

    const instances = await Promise.all(apiPorts.map(async (port, n) => {
      const instance = apiInstance(`api-${n + 1}`, port, {
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_ORIGIN: appOrigin,
        OIDC_ISSUER: idpIssuer,
        DATABASE_URL: databaseUrl,
        TRUST_PROXY: 'loopback',
        // Each request's arrival line is written at debug (at info, only its answer is).
        LOG_LEVEL: 'debug',
      });
      running.push(() => instance.stop());
      await instance.start();
      return instance;
    }));

    const tls = await makeSelfSignedCertificate(dir);
    const nginx: NginxServer = await startNginx({
      templatePath: TEMPLATE,
      variables: {
        APP_ORIGIN: appOrigin,
        SERVER_NAME: 'localhost',
        HTTPS_PORT: `127.0.0.1:${httpsPort}`,
        HTTP_PORT: `127.0.0.1:${httpPort}`,
        TLS_CERTIFICATE: tls.certificatePath,
        TLS_CERTIFICATE_KEY: tls.keyPath,
        API_1: instances[0]!.address,
        API_2: instances[1]!.address,
      },
      readyUrl: `http://127.0.0.1:${httpPort}/`,
    });
    running.push(() => nginx.stop());

    return {
      appOrigin,
      httpOrigin: `http://localhost:${httpPort}`,
      idpIssuer,
      instances: [instances[0]!, instances[1]!],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An API process on `port`, not started yet, whose log lines are kept across its restarts. */
function apiInstance(name: string, port: number, env: Record<string, string>): ApiInstance {
  const lines: string[] = [];
  let pending = '';
  let child: ChildProcess | undefined;
  const collect = (text: string) => {
    pending += text;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    lines.push(...complete);
  };
  return {
    name,
    address: `127.0.0.1:${port}`,
    requests: () => logEntries(lines).flatMap((entry) => (entry.msg === 'incoming request' && entry.req !== undefined ? [entry.req] : [])),
    unanswered: () => {
      const entries = logEntries(lines);
      const answered = new Set(entries.filter((entry) => entry.msg === 'request completed').map((entry) => entry.reqId));
      return entries.flatMap((entry) => (entry.msg === 'incoming request' && entry.req !== undefined && !answered.has(entry.reqId) ? [entry.req] : []));
    },
    stop: () => stopProcess(child),
    start: async () => {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) return;
      child = await startProcess(name, '../api/src/server.ts', env, `http://127.0.0.1:${port}/api/ready`, collect);
    },
  };
}

interface LogEntry {
  readonly msg?: string;
  readonly reqId?: string;
  readonly req?: LoggedRequest;
}

/** The JSON lines an instance logged, as entries (anything else it printed is skipped). */
function logEntries(lines: readonly string[]): LogEntry[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogEntry];
    } catch {
      return [];
    }
  });
}
