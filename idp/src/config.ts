/**
 * The dev IdP's configuration: the only module that reads `process.env`. Every variable is validated
 * once, at start; a bad value stops the process with a message naming the variable.
 */

/**
 * How the dev IdP does DPoP (RFC 9449), `IDP_DPOP`; the first is the default:
 * - `nonce`: binds tokens to the key of a DPoP proof, and wants its own `DPoP-Nonce` in each proof
 *   (as Okta does), so the SPA's `use_dpop_nonce` retry runs at every sign-in;
 * - `on`: binds tokens, no nonce (as Keycloak does by default);
 * - `off`: no DPoP at all: bearer tokens, as from an IdP without DPoP.
 */
export const DPOP_SETTINGS = ['nonce', 'on', 'off'] as const;
export type DpopSetting = (typeof DPOP_SETTINGS)[number];

/** The shapes of token the dev IdP can issue (see token-shape.ts); the first is the default. */
export const TOKEN_SHAPE_NAMES = ['rfc9068', 'keycloak'] as const;
export type TokenShapeName = (typeof TOKEN_SHAPE_NAMES)[number];

export interface IdpConfig {
  /** The issuer identifier, exactly as `iss` carries it (OpenID Connect Discovery 1.0 §3). */
  readonly issuer: string;
  /**
   * The issuer's path without its trailing slash (`/realms/dev`), or `''` for a bare origin: every URL
   * the IdP serves starts with it, as oidc-provider builds them.
   */
  readonly mountPath: string;
  /** The port to listen on (on 127.0.0.1), taken from the issuer. */
  readonly port: number;
  /** The SPA's origin: redirect URIs derive from it and it is the only allowed CORS origin. */
  readonly appOrigin: string;
  readonly clientId: string;
  /** The `aud` of every access token: the API's resource indicator (RFC 8707). */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  /** Where to write the public signing JWKS at start, for an API that may not reach the IdP. */
  readonly publicJwksFile: string | undefined;
  /**
   * Where to keep the signing key, the cookie keys and the stored sessions, grants and tokens, so a
   * restart signs nobody out. Unset: everything lives in memory and a restart forgets it.
   */
  readonly stateDir: string | undefined;
  /** Whether the SPA gets refresh tokens; `false` makes it fall back to silent re-authentication. */
  readonly issueRefreshTokens: boolean;
  /** Which IdP the tokens look like: `rfc9068` (the standard's claims) or `keycloak` (a corporate realm's). */
  readonly tokenShape: TokenShapeName;
  /** Whether tokens are DPoP-bound, and with the IdP's nonces (see {@link DPOP_SETTINGS}). */
  readonly dpop: DpopSetting;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable is missing or wrong; `variable` names it. */
export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const MAX_ACCESS_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** Reads and validates the configuration; throws a {@link ConfigError} on the first bad variable. */
export function loadConfig(env: Environment = process.env): IdpConfig {
  refuseProduction(env);
  const issuerUrl = parseIssuer(valueOf(env, 'IDP_ISSUER') ?? 'http://localhost:4000');
  const appOrigin = parseOrigin('APP_ORIGIN', valueOf(env, 'APP_ORIGIN') ?? 'http://localhost:4200');
  return {
    issuer: issuerUrl.issuer,
    mountPath: issuerUrl.mountPath,
    port: issuerUrl.port,
    appOrigin,
    clientId: parseClientId(valueOf(env, 'OIDC_CLIENT_ID') ?? 'web'),
    audience: parseAudience(valueOf(env, 'OIDC_AUDIENCE') ?? `${appOrigin}/api`),
    accessTokenTtlSeconds: parseTtl(valueOf(env, 'IDP_ACCESS_TOKEN_TTL') ?? '300'),
    publicJwksFile: valueOf(env, 'IDP_PUBLIC_JWKS_FILE'),
    stateDir: valueOf(env, 'IDP_STATE_DIR'),
    issueRefreshTokens: parseSwitch('IDP_REFRESH_TOKENS', valueOf(env, 'IDP_REFRESH_TOKENS') ?? 'on'),
    tokenShape: parseTokenShape(valueOf(env, 'IDP_SHAPE') ?? TOKEN_SHAPE_NAMES[0]),
    dpop: parseDpop(valueOf(env, 'IDP_DPOP') ?? DPOP_SETTINGS[0]),
  };
}

/** An empty variable counts as unset, so `FOO= npm start` falls back to the default. */
function valueOf(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function refuseProduction(env: Environment): void {
  if (valueOf(env, 'NODE_ENV') === 'production') {
    throw new ConfigError(
      'NODE_ENV',
      'is "production": the dev IdP accepts well-known passwords and keeps everything in memory, ' +
        'so it refuses to run in production. Point the app at your real IdP with OIDC_ISSUER instead.',
    );
  }
}

/** Path segments made of unreserved characters only (RFC 3986 §2.3), so the URL parser keeps them as typed. */
const PLAIN_PATH = /^(\/(?!\.{1,2}(?:\/|$))[\w.~-]+)+\/?$/;

function parseIssuer(value: string): { issuer: string; mountPath: string; port: number } {
  const url = URL.parse(value);
  if (url === null || url.protocol !== 'http:') {
    throw new ConfigError('IDP_ISSUER', `must be an http:// URL (the dev IdP serves plain HTTP), got "${value}"`);
  }
  // OpenID Connect Discovery 1.0 §3: no query or fragment.
  if (url.search !== '' || url.hash !== '' || value.endsWith('?') || value.endsWith('#')) {
    throw new ConfigError('IDP_ISSUER', `must have no query or fragment, got "${value}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError('IDP_ISSUER', `must carry no user name or password, got "${value}"`);
  }
  // The issuer is compared exactly, and requests are matched against its path as typed: refuse any path
  // the URL parser would rewrite (dot segments, percent-encoding, backslashes).
  const typedPath = typedPathOf(value);
  if ((typedPath.length > 1 && !PLAIN_PATH.test(typedPath)) || url.pathname !== (typedPath || '/')) {
    throw new ConfigError(
      'IDP_ISSUER',
      `must be an origin, optionally with a plain path such as http://localhost:4500/realms/dev, got "${value}"`,
    );
  }
  const port = url.port === '' ? 80 : Number(url.port);
  if (port === 0) {
    throw new ConfigError('IDP_ISSUER', `must name a real port (the listen port comes from it), got "${value}"`);
  }
  // oidc-provider mounts itself at the path without its trailing slash (Provider's #mountPath).
  return { issuer: value, mountPath: url.pathname.replace(/\/$/, ''), port };
}

/** The issuer's path as typed: what follows `http://host:port`, given it has no query or fragment. */
function typedPathOf(issuer: string): string {
  const start = issuer.indexOf('/', issuer.indexOf('//') + 2);
  return start === -1 ? '' : issuer.slice(start);
}

function parseOrigin(variable: string, value: string): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(variable, `must be an http:// or https:// origin, got "${value}"`);
  }
  if (url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError(variable, `must be an origin only (scheme, host, port; no path), got "${value}"`);
  }
  return url.origin;
}

function parseClientId(value: string): string {
  // RFC 6749 Appendix A.1: client_id is VSCHAR; we also keep spaces out so it reads well in URLs.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError('OIDC_CLIENT_ID', `must be printable ASCII without spaces, got "${value}"`);
  }
  return value;
}

function parseAudience(value: string): string {
  // RFC 8707 §2: a resource indicator is an absolute URI without a fragment.
  const url = URL.parse(value);
  if (url === null || url.hash !== '' || value.includes('#')) {
    throw new ConfigError('OIDC_AUDIENCE', `must be an absolute URI without a fragment, got "${value}"`);
  }
  return value;
}

function parseTtl(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new ConfigError(
      'IDP_ACCESS_TOKEN_TTL',
      `must be a whole number of seconds between 1 and ${MAX_ACCESS_TOKEN_TTL_SECONDS}, got "${value}"`,
    );
  }
  return seconds;
}

function parseSwitch(variable: string, value: string): boolean {
  if (value !== 'on' && value !== 'off') {
    throw new ConfigError(variable, `must be "on" or "off", got "${value}"`);
  }
  return value === 'on';
}

function parseTokenShape(value: string): TokenShapeName {
  const shape = TOKEN_SHAPE_NAMES.find((name) => name === value);
  if (shape === undefined) {
    throw new ConfigError('IDP_SHAPE', `must be one of ${TOKEN_SHAPE_NAMES.map((name) => `"${name}"`).join(', ')}, got "${value}"`);
  }
  return shape;
}

function parseDpop(value: string): DpopSetting {
  const setting = DPOP_SETTINGS.find((name) => name === value);
  if (setting === undefined) {
    throw new ConfigError('IDP_DPOP', `must be one of ${DPOP_SETTINGS.map((name) => `"${name}"`).join(', ')}, got "${value}"`);
  }
  return setting;
}
