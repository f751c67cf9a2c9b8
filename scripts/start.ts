/**
 * `npm start`: the whole system on this machine. Builds the SPA, starts the dev IdP unless
 * `OIDC_ISSUER` names a real one, starts the app server (SPA + /api on one origin), says where to go,
 * and stops everything on Ctrl-C or when either server stops.
 *
 * It decides what to start from the servers' own configuration modules (the app server's, and the
 * dev IdP's when it runs), which read and validate the environment: a bad value stops it before
 * the build, with the server's own message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEV_IDP_ISSUER, environmentWith, loadConfig as loadAppConfig } from '@app/api/config';
import { ConfigError as IdpConfigError, loadConfig as loadIdpConfig } from '@app/idp/config';
import { DEV_USERS } from '@app/idp/users';

const root = fileURLToPath(new URL('..', import.meta.url));
const { appOrigin, oidc: { issuer } } = readOrExit(loadAppConfig);
// Without OIDC_ISSUER, the app server's default is the dev IdP: start it.
const useDevIdp = issuer === DEV_IDP_ISSUER;
const devIdpBindsTokens = useDevIdp && readOrExit(loadIdpConfig).dpop !== 'off';
const children: ChildProcess[] = [];

/** A server's configuration, or its own message about the environment and exit code 1. */
function readOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof IdpConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function run(name: string, script: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [script], { cwd: root, env: environmentWith(extraEnv), stdio: 'inherit' });
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

// The app's origin goes to both servers, so that the IdP registers the right redirect URIs.
if (useDevIdp) run('The dev IdP', 'idp/src/main.ts', { IDP_ISSUER: DEV_IDP_ISSUER, APP_ORIGIN: appOrigin });
run('The app server', 'api/src/server.ts', { APP_ORIGIN: appOrigin, ...(useDevIdp ? { OIDC_ISSUER: DEV_IDP_ISSUER } : {}) });

const up = await waitUntilUp(`${appOrigin}/api/health`);
if (up && useDevIdp) await waitUntilUp(`${DEV_IDP_ISSUER}/.well-known/openid-configuration`);
if (up) {
  const lines = [
    '',
    `  App:  ${appOrigin}`,
    `  IdP:  ${issuer}${useDevIdp ? '  (dev IdP)' : ''}`,
    ...(devIdpBindsTokens ? ['        tokens bound to each browser\'s key (DPoP): a copied token is useless elsewhere'] : []),
    ...(useDevIdp
      ? ['', '  Dev users (password = user name):', ...DEV_USERS.map((u) => `    ${u.username.padEnd(6)} ${u.roles.length ? `roles: ${u.roles.join(', ')}` : 'no roles'}`)]
      : []),
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
