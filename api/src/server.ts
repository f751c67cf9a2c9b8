/**
 * Starts the server: builds the app, sets the HTTP timeouts, listens on loopback, and shuts down
 * gracefully on SIGINT/SIGTERM (stop accepting, finish in-flight requests, close the database).
 */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

/** Fastify sets Node's `requestTimeout` to 0 by default: a client trickling a body would hold a socket forever. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Must exceed the keep-alive timeout of any proxy in front, or it may reuse a socket we close. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** Time allowed to receive a request's headers (slowloris); at most `REQUEST_TIMEOUT_MS`, as Node requires. */
const HEADERS_TIMEOUT_MS = 10_000;
/** After this long, shutdown stops waiting for in-flight requests. */
const SHUTDOWN_GRACE_MS = 10_000;
const HOST = '127.0.0.1';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await buildApp(config, {
    timeouts: { requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
  });
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    setTimeout(() => {
      app.log.error('in-flight requests did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown).on('SIGTERM', shutdown);

  await app.listen({ host: HOST, port: config.port });
  app.log.info(`App and API at ${config.appOrigin} (listening on http://${HOST}:${config.port})`);
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
