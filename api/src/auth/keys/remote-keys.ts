import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwksCache,
  type ExportedJWKSCache,
  type JWKSCacheInput,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from 'jose';
import { KeysUnavailableError } from '../errors.ts';
import type { Discovery } from './discovery.ts';
import { IDP_RETRY_COOLDOWN_MS } from './discovery.ts';
import type { KeySource } from './key-source.ts';
import { createRetryCooldown } from './retry-cooldown.ts';

/** How long one JWKS GET may take (jose's `timeoutDuration`). */
export const JWKS_TIMEOUT_MS = 5_000;
/** How long fetched keys are fresh; after that they are fetched again (jose's `cacheMaxAge`). */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Minimum time between a successful fetch and one caused by an unknown `kid` (jose's `cooldownDuration`). */
export const JWKS_REFETCH_COOLDOWN_MS = 30_000;

/** The two log levels the key source speaks in (a pino logger fits). */
export interface KeySourceLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface RemoteKeySourceOptions {
  /** `OIDC_JWKS_URI`; when undefined, the discovery document's `jwks_uri`. */
  readonly jwksUri: URL | undefined;
  readonly discovery: Discovery;
  /**
   * `OIDC_JWKS_MAX_STALE`, in seconds: how long past their freshness (
   * {@link JWKS_CACHE_MAX_AGE_MS}) cached keys still verify tokens while the IdP cannot be reached.
   * Undefined: until restart.
   */
  readonly maxStaleSeconds: number | undefined;
  readonly log: KeySourceLog;
}

/**
 * Keys fetched by GET from the IdP's JWKS endpoint, with jose's `createRemoteJWKSet` underneath.
 *
 * What jose does (jose 6, `jwks/remote.js`): one GET shared by all concurrent callers; keys cached
 * for {@link JWKS_CACHE_MAX_AGE_MS}; an unknown `kid` refetches only if the last *successful* fetch
 * is older than {@link JWKS_REFETCH_COOLDOWN_MS}. What it does not do, and this adds:
 * - **Serving cached keys while the IdP is down.** Past `cacheMaxAge`, jose refetches before every
 *   verification and fails it when the GET fails, although it still holds the keys. Here, stale keys
 *   keep verifying (for `maxStaleSeconds`, default until restart) while a refresh runs in the
 *   background, and the log says so.
 * - **A cooldown after failures.** jose's cooldown counts successes only, so with the IdP down every
 *   request with a forged `kid` would try a GET (each up to {@link JWKS_TIMEOUT_MS}). Here, after a
 *   failed GET, none is tried for {@link IDP_RETRY_COOLDOWN_MS}: requests that need a fetch get
 *   `KeysUnavailableError` (503 with `Retry-After`) at once, and known keys keep working.
 *
 * So an unknown `kid` causes at most one GET per {@link JWKS_REFETCH_COOLDOWN_MS} while the IdP is
 * up, and at most one per {@link IDP_RETRY_COOLDOWN_MS} while it is down, whatever the number of
 * requests. Nothing is fetched at start: a down IdP must not stop the API from starting.
 */
export function createRemoteKeySource(options: RemoteKeySourceOptions): KeySource {
  const failures = createRetryCooldown(IDP_RETRY_COOLDOWN_MS);
  /** Written by jose after each successful GET: the keys and when they were fetched. */
  const fetched: Partial<ExportedJWKSCache> = {};
  let remote = options.jwksUri === undefined ? undefined : createJwks(options.jwksUri, fetched);
  let cached: { readonly uat: number; readonly getKey: JWTVerifyGetKey } | undefined;
  let degraded = false;

  const resolveRemote = async (): Promise<RemoteJWKSet> => {
    remote ??= createJwks(new URL((await options.discovery.load()).jwks_uri), fetched);
    return remote;
  };

  /** The last fetched keys, if any and if not older than the operator allows. */
  const usableCachedKeys = (): JWTVerifyGetKey | undefined => {
    const { uat, jwks } = fetched;
    if (uat === undefined || jwks === undefined) return undefined;
    const staleForMs = Date.now() - (uat + JWKS_CACHE_MAX_AGE_MS);
    if (options.maxStaleSeconds !== undefined && staleForMs > options.maxStaleSeconds * 1000) return undefined;
    if (cached?.uat !== uat) cached = { uat, getKey: createLocalJWKSet(jwks) };
    return cached.getKey;
  };

  const fetchFailed = (error: unknown): void => {
    if (failures.remainingSeconds() === 0) {
      const { uat } = fetched;
      const keysFrom = uat === undefined ? undefined : new Date(uat).toISOString();
      const allowed = options.maxStaleSeconds === undefined ? 'until restart' : `${options.maxStaleSeconds}s past their refresh time`;
      options.log.warn(
        { err: error, cachedKeysFetchedAt: keysFrom },
        keysFrom === undefined
          ? 'The IdP JWKS cannot be fetched and no keys are cached: requests that need a token get 503'
          : `The IdP JWKS cannot be fetched: verifying with the keys fetched at ${keysFrom} (allowed ${allowed})`,
      );
    }
    degraded = true;
    failures.failed();
  };

  const fetchSucceeded = (): void => {
    failures.succeeded();
    if (degraded) options.log.info({}, 'The IdP JWKS can be fetched again');
    degraded = false;
  };

  /** Through jose, which may GET: for a `kid` we do not have, or when no usable keys are cached. */
  const getKeyFetchingIfNeeded = async (jwks: RemoteJWKSet, ...args: Parameters<JWTVerifyGetKey>) => {
    const wait = failures.remainingSeconds();
    if (wait > 0) throw new KeysUnavailableError(wait);
    try {
      const key = await jwks(...args);
      fetchSucceeded();
      return key;
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      fetchFailed(error);
      throw new KeysUnavailableError(failures.remainingSeconds(), { cause: error });
    }
  };

  const refreshInBackground = (jwks: RemoteJWKSet): void => {
    if (jwks.reloading || failures.remainingSeconds() > 0) return;
    jwks.reload().then(fetchSucceeded, fetchFailed);
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const jwks = remote ?? (await resolveRemote());
    const keys = usableCachedKeys();
    if (keys === undefined) return getKeyFetchingIfNeeded(jwks, header, token);
    // Keys we hold verify at once, with no trip through jose's remote set (the same keys, from its
    // last GET); stale ones are refreshed in the background, never waited on.
    if (!jwks.fresh) refreshInBackground(jwks);
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // A `kid` our cached keys lack may be a rotation we missed: ask the IdP (within the cooldowns).
      return getKeyFetchingIfNeeded(jwks, header, token);
    }
  };
  /**
   * The time of the fetch whose keys verify now: each successful GET is a new version. Stale keys
   * count (they still verify, while a refresh runs in the background), keys past
   * `OIDC_JWKS_MAX_STALE` do not. Reading it starts the refresh of stale keys, as `getKey` does, so
   * that tokens the cache answers for still see a key the IdP withdrew.
   */
  const keySetVersion = (): string | undefined => {
    if (remote === undefined || usableCachedKeys() === undefined) return undefined;
    if (!remote.fresh) refreshInBackground(remote);
    return String(fetched.uat);
  };
  return { getKey, keySetVersion };
}

function createJwks(url: URL, cache: Partial<ExportedJWKSCache>): RemoteJWKSet {
  return createRemoteJWKSet(url, {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
    // Only read back (which keys, fetched when); jose alone writes it, from its own GETs.
    [jwksCache]: cache as JWKSCacheInput,
  });
}

/**
 * Whether jose failed to *get* the JWKS (network, timeout, non-200, not JSON, not a JWKS), as
 * opposed to the token naming a key the JWKS does not have (`JWKSNoMatchingKey`…: the client's
 * problem, `invalid_token`).
 */
function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === errors.JOSEError.code || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid;
}
