/**
 * Starts the server: reads the config, checks the IdP's discovery document (an issuer that differs
 * from `OIDC_ISSUER` stops it, with the value to use), builds the app (with the HTTP limits of
 * `http/server-limits.ts`), listens on `HOST` (loopback by default), and shuts down gracefully on
 * SIGINT/SIGTERM.
 */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { checkIdpAtStart } from './doctor/start-checks.ts';
import { serve } from './serve.ts';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const idp = await checkIdpAtStart(config);
  if (idp.fatal !== undefined) {
    process.stderr.write(`${idp.fatal}\n`);
    process.exit(1);
  }
  const app = await buildApp(config);
  for (const warning of idp.warnings) app.log.warn(warning);
  await serve(app, { host: config.host, port: config.port });
  app.log.info(`App and API at ${config.appOrigin} (listening on http://${config.host}:${config.port})`);
}

function readConfigOrExit(): ReturnType<typeof loadConfig> {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
