/**
 * Listening and graceful shutdown, apart from `server.ts` so that a test can serve an app it built
 * (with a slow route of its own) exactly as production does.
 */
import type { FastifyInstance } from 'fastify';

/** After this long, shutdown stops waiting for in-flight requests and exits 1. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly graceMs?: number;
}

/**
 * Listens, and on SIGTERM or SIGINT shuts down gracefully: stop accepting connections, close idle
 * keep-alive ones, let in-flight requests finish (Fastify's `close`, whose `onClose` hooks, such as
 * closing the database, run once the last connection is done), then exit 0. A second signal, or
 * requests still running after `graceMs`, exit 1.
 */
export async function serve(app: FastifyInstance, { host, port, graceMs = SHUTDOWN_GRACE_MS }: ServeOptions): Promise<void> {
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
    }, graceMs).unref();
    app.close().then(
      () => {
        app.log.info('shut down');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown).on('SIGTERM', shutdown);
  await app.listen({ host, port });
}
