import { AuthorizationServerSchema, type AuthorizationServer } from '@app/contracts/schemas';
import { Value } from 'typebox/value';
import { KeysUnavailableError } from '../errors.ts';
import { isSecureUrl } from '../../config/urls.ts';
import { createRetryCooldown } from './retry-cooldown.ts';

/** How long one discovery GET may take. */
export const DISCOVERY_TIMEOUT_MS = 5_000;
/** After a failed GET to the IdP, how long requests get a 503 before the next attempt. */
export const IDP_RETRY_COOLDOWN_MS = 10_000;

/** The validated discovery document: the public fields the SPA gets, plus `jwks_uri` (required). */
export type DiscoveryDocument = AuthorizationServer & { readonly jwks_uri: string; readonly userinfo_endpoint?: string };

/** Discovery went wrong: the IdP is unreachable, or its document is not one we can trust. */
export class DiscoveryError extends Error {
  readonly code = 'ERR_DISCOVERY_FAILED';
}

export interface Discovery {
  /**
   * The IdP's metadata. Fetched on first use and kept; a failure is not cached beyond
   * {@link IDP_RETRY_COOLDOWN_MS}, so the next request after it tries again.
   * @throws {KeysUnavailableError} while the document cannot be had.
   */
  load(): Promise<DiscoveryDocument>;
  /** The metadata if already fetched; never makes a request. */
  current(): DiscoveryDocument | undefined;
}

export interface DiscoveryOptions {
  /** Called with each failed attempt (unreachable IdP, bad document), for the log. */
  readonly onError: (error: Error) => void;
}

/** Lazily fetches and caches the IdP's OpenID Provider Metadata (OIDC Discovery 1.0 §4). */
export function createDiscovery(issuer: string, options: DiscoveryOptions): Discovery {
  const cooldown = createRetryCooldown(IDP_RETRY_COOLDOWN_MS);
  let document: DiscoveryDocument | undefined;
  let inflight: Promise<DiscoveryDocument> | undefined;

  const attempt = async (): Promise<DiscoveryDocument> => {
    try {
      document = requireTls(await fetchDiscoveryDocument(issuer));
      cooldown.succeeded();
      return document;
    } catch (error) {
      cooldown.failed();
      options.onError(error as Error);
      throw new KeysUnavailableError(cooldown.remainingSeconds(), { cause: error });
    } finally {
      inflight = undefined;
    }
  };

  return {
    current: () => document,
    load: async () => {
      if (document !== undefined) return document;
      const wait = cooldown.remainingSeconds();
      if (wait > 0) throw new KeysUnavailableError(wait);
      inflight ??= attempt();
      return inflight;
    },
  };
}

/** OIDC Discovery 1.0 §4: the issuer, without a trailing slash, then `/.well-known/openid-configuration`. */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
}

/**
 * GETs the discovery document. No redirects are followed: the document must live at the issuer.
 * @throws {DiscoveryError}
 */
export async function fetchDiscoveryDocument(issuer: string): Promise<DiscoveryDocument> {
  const url = discoveryUrl(issuer);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new DiscoveryError(`GET ${url.href} failed`, { cause });
  }
  if (response.status !== 200) throw new DiscoveryError(`GET ${url.href} answered ${response.status}, expected 200`);
  const json: unknown = await response.json().catch((cause: unknown) => {
    throw new DiscoveryError(`GET ${url.href} did not return JSON`, { cause });
  });
  return parseDiscoveryDocument(json, issuer);
}

/**
 * Accepts the document only if its `issuer` equals ours exactly (OIDC Discovery 1.0 §4.3, RFC 8414
 * §3.3: otherwise another server's metadata, and keys, could stand in for our IdP) and its endpoints
 * are http(s) URLs. Keeps only the fields we use.
 * @throws {DiscoveryError}
 */
export function parseDiscoveryDocument(json: unknown, issuer: string): DiscoveryDocument {
  if (!Value.Check(AuthorizationServerSchema, json)) {
    throw new DiscoveryError(
      'The discovery document lacks issuer, authorization_endpoint or token_endpoint, or has a field of the wrong type',
    );
  }
  if (json.issuer !== issuer) {
    throw new DiscoveryError(
      `The discovery document issuer ${JSON.stringify(json.issuer)} does not equal OIDC_ISSUER ${JSON.stringify(issuer)}`,
    );
  }
  const extra = json as Record<string, unknown>;
  if (typeof extra.jwks_uri !== 'string') throw new DiscoveryError('The discovery document has no jwks_uri');
  const userinfo = typeof extra.userinfo_endpoint === 'string' ? { userinfo_endpoint: extra.userinfo_endpoint } : {};
  const document = { ...pickAuthorizationServer(json), jwks_uri: extra.jwks_uri, ...userinfo };
  for (const field of URL_FIELDS) assertHttpUrl(field, document[field]);
  return document;
}

/**
 * The endpoints of `document` that are neither https nor on this machine, with their URLs:
 * tokens, codes and keys would cross the network in clear (RFC 6749 §3.1, RFC 8414 §2).
 */
export function endpointsWithoutTls(document: DiscoveryDocument): { field: string; url: string }[] {
  return URL_FIELDS.flatMap((field) => {
    const url = document[field];
    return url === undefined || isSecureUrl(new URL(url)) ? [] : [{ field, url }];
  });
}

/** What the API refuses to use: a document naming an endpoint without TLS. @throws {DiscoveryError} naming it. */
function requireTls(document: DiscoveryDocument): DiscoveryDocument {
  const [insecure] = endpointsWithoutTls(document);
  if (insecure !== undefined) {
    throw new DiscoveryError(`The discovery document's ${insecure.field} ${insecure.url} must use https (http is allowed for localhost only)`);
  }
  return document;
}

const URL_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'revocation_endpoint',
  'userinfo_endpoint',
] as const;

function pickAuthorizationServer(json: AuthorizationServer): AuthorizationServer {
  const known = Object.keys(AuthorizationServerSchema.properties);
  return Object.fromEntries(Object.entries(json).filter(([key]) => known.includes(key))) as AuthorizationServer;
}

function assertHttpUrl(field: string, value: string | undefined): void {
  if (value === undefined) return;
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') throw new DiscoveryError(`The discovery document ${field} is not an http(s) URL`);
}
