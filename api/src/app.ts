/**
 * The app as a Fastify plugin, and the functions that make an instance of it: `createApp` (routes
 * may still be added, e.g. by a test), `buildApp` (ready to `inject` or `listen`).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authPlugin } from './auth/auth-plugin.ts';
import { createMisconfigurationLog } from './auth/misconfiguration-log.ts';
import { createDiscovery, type Discovery } from './auth/keys/discovery.ts';
import { createFileKeySource } from './auth/keys/file-keys.ts';
import type { KeySource } from './auth/keys/key-source.ts';
import { createRemoteKeySource } from './auth/keys/remote-keys.ts';
import { createAccessTokenVerifier } from './auth/verify-access-token.ts';
import { createVerifiedTokenCache } from './auth/verified-token-cache.ts';
import { createReplayCache, REPLAY_CACHE_CAPACITY } from './auth/dpop/jti-replay-cache.ts';
import { createSenderConstraintCheck } from './auth/dpop/sender-constraint.ts';
import { createDpopProofVerifier, PROOF_REPLAY_WINDOW_MS } from './auth/dpop/verify-dpop-proof.ts';
import { CHAT_STREAM_SETTINGS, type ChatStreamSettings } from './chat/event-stream.ts';
import { CHAT_RETENTION, type ChatRetention } from './chat/retention.ts';
import type { AppConfig } from './config.ts';
import { handleClientError } from './http/client-errors.ts';
import { drainOnClose } from './http/drain-on-close.ts';
import { handleError } from './http/error-handler.ts';
import { createNotFoundHandler } from './http/not-found.ts';
import { isApiPath } from './http/paths.ts';
import { createUserLimit, rateLimitPlugin } from './http/rate-limit.ts';
import { idpConnectSources, securityHeaders } from './http/security-headers.ts';
import { SERVER_LIMITS, serverLimitOptions, type ServerLimits } from './http/server-limits.ts';
import { loggerOptions, RequestLogController } from './logger.ts';
import { apiPlugin } from './routes/api.ts';
import { createIndexHtmlResponder, spaPlugin } from './spa.ts';
import { openStorage } from './storage/open-storage.ts';

/**
 * Requests carry small JSON at most; a larger body is refused (413) before it is buffered. A route
 * that needs more (or less) says so with its own `bodyLimit`.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppPluginOptions {
  readonly config: AppConfig;
  /** The chat's live streams: heartbeats and buffers; {@link CHAT_STREAM_SETTINGS} by default. */
  readonly chatStream?: ChatStreamSettings;
  /** How long the chat keeps events and idempotency keys; {@link CHAT_RETENTION} by default. */
  readonly chatRetention?: ChatRetention;
  /** How many DPoP proofs the replay memory holds; {@link REPLAY_CACHE_CAPACITY} by default. */
  readonly dpopReplayCapacity?: number;
}

/**
 * Wires the parts: storage, the IdP's keys, the token verifier, rate limits, security headers, the
 * API under `/api/` and the SPA everywhere else. Wrapped with `fastify-plugin`, so its error
 * handler, hooks and auth enforcement also cover routes added beside it.
 *
 * Fails (so the server does not start) when the database cannot be opened, reached or migrated,
 * or when `OIDC_JWKS_FILE` is not a public JWKS. Does not fail when the IdP is unreachable:
 * discovery is tried at start in the background and again when a request needs it.
 */
export const appPlugin = fp<AppPluginOptions>(
  async (app, { config, chatStream = CHAT_STREAM_SETTINGS, chatRetention = CHAT_RETENTION, dpopReplayCapacity = REPLAY_CACHE_CAPACITY }) => {
    const storage = await openStorage(config.database, app.log);
    app.addHook('onClose', () => storage.close());
    // SQLite: this process's streams are all there are. PostgreSQL: every instance's, through LISTEN/NOTIFY.
    const chatEvents = storage.chatEvents;

    const { issuer, audience, roles, accessToken } = config.oidc;
    const { keySource, discovery } = await connectToIdp(app, config);
    // A repeated token is verified once per key set and lifetime; the request's checks still run every time.
    const { verify: verifyAccessToken } = createVerifiedTokenCache(
      createAccessTokenVerifier({ ...accessToken, audience, roles }, keySource.getKey),
      { keySetVersion: keySource.keySetVersion },
    );
    const replayCache = createReplayCache({ retentionMs: PROOF_REPLAY_WINDOW_MS, capacity: dpopReplayCapacity });
    const verifyProof = createDpopProofVerifier({ appOrigin: config.appOrigin, replayCache });
    warnAboutWeakenedSettings(app, config);

    app.setErrorHandler(handleError);
    app.setNotFoundHandler(createNotFoundHandler(app, createIndexHtmlResponder(config.webDist)));
    await app.register(drainOnClose);
    // Hooks run in registration order: the per-address limit before any token is verified.
    await app.register(rateLimitPlugin, { perIp: config.http.rateLimitPerIp });
    await app.register(securityHeaders, {
      appOrigin: config.appOrigin,
      connectSources: connectSourcesOf(issuer, discovery),
    });
    await app.register(authPlugin, {
      verifyAccessToken,
      dpop: accessToken.dpop,
      checkSenderConstraint: createSenderConstraintCheck(accessToken.dpop, verifyProof),
      misconfigurations: createMisconfigurationLog(roles),
      mustDeclareAuth: isApiPath,
      afterAuthentication: [createUserLimit(app, config.http.rateLimitPerUser)],
    });
    await app.register(apiPlugin, {
      config,
      discovery,
      storage,
      chat: { hub: chatEvents, stream: chatStream, retention: chatRetention },
    });
    await app.register(spaPlugin, { webDist: config.webDist });

    app.addHook('onReady', async () => {
      void discovery?.load().catch(() => undefined);
    });
  },
  { name: 'app', fastify: '5.x' },
);

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
    maxStaleSeconds: keys.maxStaleSeconds,
    log: app.log,
  });
  return { keySource, discovery };
}

/** The IdP's origins for the CSP, worked out again only when discovery gives another document. */
function connectSourcesOf(issuer: string, discovery: Discovery | undefined): () => readonly string[] {
  let last: { readonly document: ReturnType<Discovery['current']>; readonly sources: readonly string[] } | undefined;
  return () => {
    const document = discovery?.current();
    if (last === undefined || last.document !== document) last = { document, sources: idpConnectSources(issuer, document) };
    return last.sources;
  };
}

/** Settings that trade safety for compatibility say so at every start. */
function warnAboutWeakenedSettings(app: FastifyInstance, config: AppConfig): void {
  const { typ, accessTokenClaims, idTokenClaims } = config.oidc.accessToken;
  if (typ === 'dangerously-accept-JWT') {
    app.log.warn(
      `OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT: access tokens typed JWT, or not typed, are accepted (RFC 8725 section 3.11 explicit typing is off); ID tokens are refused by their claims only: a token must carry one of ${accessTokenClaims.join(', ')} (OIDC_ACCESS_TOKEN_CLAIMS) and none of ${idTokenClaims.join(', ')} (OIDC_ID_TOKEN_CLAIMS)`,
    );
  }
  if (new URL(config.appOrigin).protocol === 'https:' && config.http.trustProxy === false) {
    app.log.warn(
      'APP_ORIGIN is https but TRUST_PROXY is unset: behind a TLS proxy, every client has the proxy address, and shares one per-address rate limit',
    );
  }
}

export interface BuildAppOptions {
  /** Where log lines go; stdout by default (tests capture them here). */
  readonly logStream?: NodeJS.WritableStream;
  /** Timeouts and header cap of the HTTP server; {@link SERVER_LIMITS} by default. */
  readonly limits?: ServerLimits;
  /** The chat's live streams; {@link CHAT_STREAM_SETTINGS} by default. */
  readonly chatStream?: ChatStreamSettings;
  /** The chat's retention; {@link CHAT_RETENTION} by default. */
  readonly chatRetention?: ChatRetention;
  /** How many DPoP proofs the replay memory holds; {@link REPLAY_CACHE_CAPACITY} by default. */
  readonly dpopReplayCapacity?: number;
}

/**
 * Creates the app with its plugins registered, not yet ready: routes may still be added (a test's
 * slow route, say) before `ready()` or `listen()`.
 */
export async function createApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new RequestLogController(),
    // Our own ids: a client-sent X-Request-Id is not trusted into the logs.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.http.trustProxy === false ? false : [...config.http.trustProxy],
    frameworkErrors: handleError,
    clientErrorHandler: handleClientError,
    // While shutting down, requests already on an open connection are served (with
    // `Connection: close`) rather than refused with Fastify's own 503 body.
    return503OnClosing: false,
    ...serverLimitOptions(options.limits ?? SERVER_LIMITS),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // TypeBox validates request parts as declared; unlike Fastify's default Ajv setup, it never
  // coerces a JSON body (`42` stays a number and fails a string schema).
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  try {
    await app.register(appPlugin, {
      config,
      ...(options.chatStream === undefined ? {} : { chatStream: options.chatStream }),
      ...(options.chatRetention === undefined ? {} : { chatRetention: options.chatRetention }),
      ...(options.dpopReplayCapacity === undefined ? {} : { dpopReplayCapacity: options.dpopReplayCapacity }),
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** Builds the app, ready to `inject` or `listen`. */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = await createApp(config, options);
  try {
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
