/**
 * The app as a Fastify plugin, and `buildApp` to get a ready instance (tests use it with
 * `app.inject`, no port; `server.ts` with a port).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createDiscovery, type Discovery } from './auth/keys/discovery.ts';
import { createFileKeySource } from './auth/keys/file-keys.ts';
import type { KeySource } from './auth/keys/key-source.ts';
import { createRemoteKeySource } from './auth/keys/remote-keys.ts';
import { createAccessTokenVerifier } from './auth/verify-access-token.ts';
import type { AppConfig } from './config.ts';
import { handleError } from './http/error-handler.ts';
import { createNotFoundHandler } from './http/not-found.ts';
import { idpConnectSources, securityHeaders } from './http/security-headers.ts';
import { loggerOptions } from './logger.ts';
import { apiPlugin } from './routes/api.ts';
import { createIndexHtmlResponder, spaPlugin } from './spa.ts';
import { openStorage } from './storage/open-storage.ts';

/** Requests carry small JSON at most; a larger body is refused before it is buffered. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppPluginOptions {
  readonly config: AppConfig;
}

/**
 * Wires the parts: storage, the IdP's keys, the token verifier, security headers, the API under
 * `/api/` and the SPA everywhere else.
 *
 * Fails (so the server does not start) when the database cannot be opened or migrated, or when
 * `OIDC_JWKS_FILE` is not a public JWKS. Does not fail when the IdP is unreachable: discovery is
 * tried at start in the background and again when a request needs it.
 */
export const appPlugin: FastifyPluginAsync<AppPluginOptions> = async (app, { config }) => {
  const storage = await openStorage(config.database);
  app.addHook('onClose', () => storage.close());

  const { issuer, audience, rolesClaim } = config.oidc;
  const { keySource, discovery } = await connectToIdp(app, config);
  const verifyAccessToken = createAccessTokenVerifier({ issuer, audience, rolesClaim }, keySource.getKey);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(createNotFoundHandler(app, createIndexHtmlResponder(config.webDist)));
  await app.register(securityHeaders, {
    appOrigin: config.appOrigin,
    connectSources: () => idpConnectSources(issuer, discovery?.current()),
  });
  await app.register(apiPlugin, { config, discovery, verifyAccessToken, storage });
  await app.register(spaPlugin, { webDist: config.webDist });

  app.addHook('onReady', async () => {
    void discovery?.load().catch(() => undefined);
  });
};

/**
 * The IdP's keys, and its discovery document when the API may fetch it. With `OIDC_JWKS_FILE`,
 * there is no discovery: the API makes no request to the IdP at all.
 */
async function connectToIdp(
  app: FastifyInstance,
  config: AppConfig,
): Promise<{ keySource: KeySource; discovery: Discovery | undefined }> {
  const { issuer, keys } = config.oidc;
  if (keys.kind === 'file') {
    const keySource = await createFileKeySource(keys.path, {
      onReloadError: (error) =>
        app.log.error({ err: error }, 'OIDC_JWKS_FILE changed but cannot be used; keeping the previous keys'),
    });
    return { keySource, discovery: undefined };
  }
  const discovery = createDiscovery(issuer, {
    onError: (error) => app.log.warn({ err: error }, 'OpenID discovery failed'),
  });
  const keySource = createRemoteKeySource({
    jwksUri: keys.jwksUri,
    discovery,
    onError: (error) => app.log.warn({ err: error }, 'Fetching the IdP JWKS failed'),
  });
  return { keySource, discovery };
}

export interface BuildAppOptions {
  /** Where log lines go; stdout by default (tests capture them here). */
  readonly logStream?: NodeJS.WritableStream;
  /** HTTP server timeouts, set by `server.ts`. */
  readonly timeouts?: Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'>;
}

/** Builds the app, ready to `inject` or `listen`. */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    // Our own ids: a client-sent X-Request-Id is not trusted into the logs.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: handleError,
    ...options.timeouts,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // TypeBox validates request parts as declared; unlike Fastify's default Ajv setup, it never
  // coerces a JSON body (`42` stays a number and fails a string schema).
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  try {
    await app.register(appPlugin, { config });
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
