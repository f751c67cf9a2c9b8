import fp from 'fastify-plugin';

/**
 * Lets shutdown finish: once `close()` starts, every response is sent with `Connection: close`.
 *
 * Fastify's `close()` stops listening, closes the keep-alive connections that are idle *at that
 * moment*, and waits for the others. A request in flight then is answered, but without this its
 * connection stays open, idle, until the keep-alive timeout (72 s), and shutdown waits for it.
 * (Fastify adds the header itself only to requests that *arrive* while closing.)
 */
export const drainOnClose = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    // A callback hook, not an async one: it runs on every response, and a promise per response costs.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'drain-on-close', fastify: '5.x' },
);
