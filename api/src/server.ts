/**
 * Starts the server: reads the config, builds the app (with the HTTP limits of
 * `http/server-limits.ts`), listens on loopback, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { serve } from './serve.ts';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await buildApp(config);
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
