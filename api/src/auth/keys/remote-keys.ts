import { createRemoteJWKSet, errors, type JWTVerifyGetKey, type RemoteJWKSet } from 'jose';
import { KeysUnavailableError } from '../errors.ts';
import type { Discovery } from './discovery.ts';
import { IDP_RETRY_COOLDOWN_MS } from './discovery.ts';
import type { KeySource } from './key-source.ts';
import { createRetryCooldown } from './retry-cooldown.ts';

/** How long one JWKS GET may take (jose's `timeoutDuration`). */
export const JWKS_TIMEOUT_MS = 5_000;
/** How long fetched keys are used before they are fetched again (jose's `cacheMaxAge`). */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Minimum time between two fetches caused by an unknown `kid` (jose's `cooldownDuration`). */
export const JWKS_REFETCH_COOLDOWN_MS = 30_000;

export interface RemoteKeySourceOptions {
  /** `OIDC_JWKS_URI`; when undefined, the discovery document's `jwks_uri`. */
  readonly jwksUri: URL | undefined;
  readonly discovery: Discovery;
  /** Called with each failed JWKS fetch, for the log. */
  readonly onError: (error: Error) => void;
}

/**
 * Keys fetched by GET from the IdP's JWKS endpoint, cached and refreshed by jose on rotation (an
 * unknown `kid` triggers a refetch, at most once per {@link JWKS_REFETCH_COOLDOWN_MS}).
 *
 * Nothing is fetched at start: a down IdP must not stop the API from starting. The first request
 * that needs keys fetches them; while the IdP is unreachable, requests get `KeysUnavailableError`
 * (503 with `Retry-After`) and the next attempt waits {@link IDP_RETRY_COOLDOWN_MS}.
 */
export function createRemoteKeySource(options: RemoteKeySourceOptions): KeySource {
  const cooldown = createRetryCooldown(IDP_RETRY_COOLDOWN_MS);
  const remoteJwks = (url: URL): RemoteJWKSet =>
    createRemoteJWKSet(url, {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
    });
  let jwks = options.jwksUri === undefined ? undefined : remoteJwks(options.jwksUri);

  const resolveJwks = async (): Promise<RemoteJWKSet> => {
    jwks ??= remoteJwks(new URL((await options.discovery.load()).jwks_uri));
    return jwks;
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = await resolveJwks();
    const wait = cooldown.remainingSeconds();
    if (wait > 0 && !keys.fresh) throw new KeysUnavailableError(wait);
    try {
      const key = await keys(header, token);
      cooldown.succeeded();
      return key;
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      cooldown.failed();
      options.onError(error as Error);
      throw new KeysUnavailableError(cooldown.remainingSeconds(), { cause: error });
    }
  };
  return { getKey };
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
