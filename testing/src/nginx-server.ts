/**
 * Real nginx for tests (Debian's `nginx` package), started by the test with a configuration of its
 * own under a temporary prefix (`nginx -p`), never as the system's service, and stopped by its
 * process id. The test's configuration is only the frame (pid, logs, temporary files); the site
 * itself is a template from the repository (`deploy/nginx/`), rendered as the official nginx image
 * renders it, so the test runs what is deployed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile, chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { nginxBinary } from './settings.ts';

const run = promisify(execFile);

export interface NginxServer {
  /** Where nginx writes its logs: `access.log` holds `$upstream_addr` for each request. */
  readonly prefix: string;
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** A template of the http context (`upstream`, `server` blocks), with `${NAME}` placeholders. */
  readonly templatePath: string;
  /** The values of the placeholders: all of them must be given. */
  readonly variables: Readonly<Record<string, string>>;
  /** A URL nginx answers once it is up (any status). */
  readonly readyUrl: string;
}

/**
 * `${NAME}` replaced by `variables[NAME]`, as envsubst does with a list of names: `$name` (nginx's
 * own variables) is left alone.
 * @throws when the template names a placeholder that is not given.
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`the template needs \${${name}}`);
    return value;
  });
}

export async function startNginx({ templatePath, variables, readyUrl }: NginxOptions): Promise<NginxServer> {
  // Rendered first: a template that cannot be filled leaves nothing behind.
  const site = renderTemplate(await readFile(templatePath, 'utf8'), variables);
  const prefix = await mkdtemp(join(tmpdir(), 'nginx-test-'));
  const temp = join(prefix, 'temp');
  await mkdir(temp);
  const worker = await workerUser();
  if (worker !== undefined) await chown(temp, worker.uid, worker.gid);
  await writeFile(join(prefix, 'site.conf'), site);
  await writeFile(join(prefix, 'nginx.conf'), `
${worker === undefined ? '' : 'user nobody nogroup;'}
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 512; }
http {
  log_format upstream '$request_method $uri $status upstream=$upstream_addr';
  access_log ${prefix}/access.log upstream;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${prefix}/site.conf;
}
`);
  const child = spawn(nginxBinary(), ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitUntilAnswering(child, readyUrl, () => stderr);
  } catch (error) {
    await stopProcess(child);
    await rm(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    prefix,
    accessLog: () => readFile(join(prefix, 'access.log'), 'utf8').catch(() => ''),
    stop: async () => {
      await stopProcess(child);
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** As root, nginx's workers run as `nobody`, and need to write its temporary files. */
async function workerUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'nobody']), run('id', ['-g', 'nobody'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function waitUntilAnswering(child: ChildProcess, url: string, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start (${child.exitCode}): ${log()}`);
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nginx did not answer at ${url}: ${log()}`);
}

/** SIGTERM: nginx's fast shutdown (open streams are cut, not waited for). */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
