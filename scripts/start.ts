/**
 * `npm start`: the whole system on this machine. Builds the SPA, starts the dev IdP unless
 * `OIDC_ISSUER` names a real one, starts the app server (SPA + /api on one origin), says where to go,
 * and stops everything on Ctrl-C or when either server stops.
 *
 * The servers read and validate their own environment; this script only decides what to start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEV_USERS } from '@app/idp/users';

const DEV_ISSUER = 'http://localhost:4000';
const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const useDevIdp = !env['OIDC_ISSUER'];
// The same default as the app server's, passed to both servers so the IdP registers the right redirect URIs.
const appOrigin = env['APP_ORIGIN'] ?? `http://localhost:${env['PORT'] ?? '4200'}`;
const children: ChildProcess[] = [];

function run(name: string, script: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [script], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(exitCode: number): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = exitCode;
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

async function waitUntilUp(url: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

console.log('Building the SPA…');
const build = spawnSync('npm', ['run', 'build', '-w', '@app/web', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The SPA build failed: see above.');
  process.exit(build.status ?? 1);
}

const issuer = env['OIDC_ISSUER'] ?? DEV_ISSUER;
if (useDevIdp) run('The dev IdP', 'idp/src/main.ts', { IDP_ISSUER: DEV_ISSUER, APP_ORIGIN: appOrigin });
run('The app server', 'api/src/server.ts', { APP_ORIGIN: appOrigin, ...(useDevIdp ? { OIDC_ISSUER: DEV_ISSUER } : {}) });

const up = await waitUntilUp(`${appOrigin}/api/health`);
if (up && useDevIdp) await waitUntilUp(`${DEV_ISSUER}/.well-known/openid-configuration`);
if (up) {
  const lines = [
    '',
    `  App:  ${appOrigin}`,
    `  IdP:  ${issuer}${useDevIdp ? '  (dev IdP)' : ''}`,
    ...(useDevIdp && (env['IDP_DPOP'] ?? 'nonce') !== 'off' ? ['        tokens bound to each browser\'s key (DPoP): a copied token is useless elsewhere'] : []),
    ...(useDevIdp
      ? ['', '  Dev users (password = user name):', ...DEV_USERS.map((u) => `    ${u.username.padEnd(6)} ${u.roles.length ? `roles: ${u.roles.join(', ')}` : 'no roles'}`)]
      : []),
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
