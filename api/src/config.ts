/**
 * The server's configuration: the only module that reads `process.env`. The environment is
 * validated once, at boot, against one schema; a bad value stops the server with a message that
 * names the variable and what was wrong.
 */
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** The repository root, for defaults that live beside the code (`data/`, `web/dist/`). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

/**
 * `OIDC_ACCESS_TOKEN_TYP`: RFC 9068 access tokens (`at+jwt`, the default), or, for IdPs that type
 * their access tokens `JWT` like their ID tokens, a value that says out loud it is weaker (RFC 8725
 * §3.11: the type no longer tells an ID token from an access token; other claims then must).
 */
export const ACCESS_TOKEN_TYPS = ['at+jwt', 'dangerously-accept-JWT'] as const;
export type AccessTokenTyp = (typeof ACCESS_TOKEN_TYPS)[number];

/** proxy-addr's names for address ranges, accepted in `TRUST_PROXY` beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces. */
const SCOPE_LIST = '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$';

/**
 * The environment the server reads. Each `description` completes the sentence "VAR must be …", so
 * a validation error reads as a sentence naming the variable.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union(
    NODE_ENVS.map((env) => Type.Literal(env)),
    { default: 'development', description: `one of ${NODE_ENVS.join(', ')}` },
  ),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
  ),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4200, description: 'an integer from 1 to 65535' }),
  APP_ORIGIN: Type.Optional(Type.String({ description: 'an origin such as https://app.example.com' })),
  OIDC_ISSUER: Type.String({ default: 'http://localhost:4000', description: 'the issuer URL' }),
  OIDC_CLIENT_ID: Type.String({ minLength: 1, default: 'web', description: 'a client id' }),
  OIDC_AUDIENCE: Type.Optional(Type.String({ minLength: 1, description: 'an audience value' })),
  OIDC_SCOPES: Type.String({
    pattern: SCOPE_LIST,
    default: 'openid profile offline_access',
    description: 'scope names separated by single spaces (RFC 6749 section 3.3)',
  }),
  OIDC_JWKS_URI: Type.Optional(Type.String({ description: 'the URL of a JWKS' })),
  OIDC_JWKS_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a JWKS file' })),
  OIDC_ROLES_CLAIM: Type.String({
    pattern: '^[^.\\s]+(\\.[^.\\s]+)*$',
    default: 'roles',
    description: 'a claim name or a dotted path such as realm_access.roles',
  }),
  OIDC_ACCESS_TOKEN_TYP: Type.Union(
    ACCESS_TOKEN_TYPS.map((typ) => Type.Literal(typ)),
    { default: 'at+jwt', description: `one of ${ACCESS_TOKEN_TYPS.join(', ')}` },
  ),
  OIDC_ACCESS_TOKEN_MAX_AGE: Type.Integer({
    minimum: 1,
    default: 7200,
    description: 'a number of seconds, at least 1',
  }),
  OIDC_JWKS_MAX_STALE: Type.Optional(Type.Integer({ minimum: 0, description: 'a number of seconds (0 or more)' })),
  TRUST_PROXY: Type.Optional(Type.String({ description: 'a comma-separated list of proxy addresses or CIDR ranges' })),
  RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 1200, description: 'a number of requests per minute, at least 1' }),
  RATE_LIMIT_PER_USER: Type.Integer({ minimum: 1, default: 600, description: 'a number of requests per minute, at least 1' }),
  RATE_LIMIT_CHAT_POSTS: Type.Integer({ minimum: 1, default: 30, description: 'a number of messages per minute, at least 1' }),
  DATABASE_URL: Type.Optional(Type.String({ description: 'a file: (SQLite) URL' })),
  WEB_DIST: Type.Optional(Type.String({ minLength: 1, description: 'a directory path' })),
});
export type Env = Static<typeof EnvSchema>;
type EnvName = keyof Env;

/** Values never repeated in an error message, because they may hold a password. */
const SECRET_BEARING: ReadonlySet<EnvName> = new Set(['DATABASE_URL']);

/** Where the API gets the IdP's public keys. */
export type KeySourceConfig =
  /** A JWKS file: the API then makes no request to the IdP at all. */
  | { readonly kind: 'file'; readonly path: string }
  /**
   * The IdP's JWKS by GET: from `OIDC_JWKS_URI`, or else from the discovery document.
   * `maxStaleSeconds` (`OIDC_JWKS_MAX_STALE`): how long past their refresh time cached keys still
   * verify tokens while the IdP is unreachable; undefined: until restart.
   */
  | { readonly kind: 'remote'; readonly jwksUri: URL | undefined; readonly maxStaleSeconds: number | undefined };

/** What the token guard accepts beyond the issuer and audience. */
export interface AccessTokenConfig {
  /** `OIDC_ACCESS_TOKEN_TYP`. */
  readonly typ: AccessTokenTyp;
  /** `OIDC_ACCESS_TOKEN_MAX_AGE`: tokens issued longer ago than this are refused, whatever their `exp`. */
  readonly maxAgeSeconds: number;
}

export interface OidcConfig {
  /** Compared exactly (no normalisation) with discovery's `issuer` and tokens' `iss`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: string;
  readonly keys: KeySourceConfig;
  /** The roles claim as path segments: `realm_access.roles` is `['realm_access', 'roles']`. */
  readonly rolesClaim: readonly string[];
  readonly accessToken: AccessTokenConfig;
}

export interface HttpEdgeConfig {
  /**
   * `TRUST_PROXY`: the proxies whose `X-Forwarded-For` tells the client's address (Fastify's
   * `trustProxy`, compiled by proxy-addr); `false`: the header is ignored and the client is the
   * socket's peer.
   */
  readonly trustProxy: readonly string[] | false;
  /** Requests per minute from one client address (an IPv6 /64 counts as one). */
  readonly rateLimitPerIp: number;
  /** Requests per minute with the tokens of one user (`sub`). */
  readonly rateLimitPerUser: number;
  /** Chat messages one user may post per minute (on top of `rateLimitPerUser`). */
  readonly rateLimitChatPosts: number;
}

export type DatabaseConfig = { readonly kind: 'sqlite'; readonly path: string };

export interface AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly port: number;
  /** The app's public origin, without a trailing slash: `http://localhost:4200`. */
  readonly appOrigin: string;
  readonly oidc: OidcConfig;
  readonly http: HttpEdgeConfig;
  readonly database: DatabaseConfig;
  /** The built SPA (`index.html` and its assets). */
  readonly webDist: string;
}

export interface ConfigIssue {
  readonly variable: EnvName;
  readonly problem: string;
}

/** The environment is invalid; `message` lists every problem, one variable per line. */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i.variable} ${i.problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/**
 * Validates the environment and derives the server's configuration from it.
 *
 * Empty values count as unset. Relative paths (`OIDC_JWKS_FILE`, `WEB_DIST`, `file:` database URLs)
 * are resolved from the repository root, so the result does not depend on the working directory.
 *
 * @throws {ConfigError} naming every variable that is wrong, and why.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const raw = pickKnownVariables(env);
  const parsed = Value.Convert(EnvSchema, Value.Default(EnvSchema, { ...raw })) as Env;
  const issues = collectSchemaIssues(parsed, raw);
  const config = deriveConfig(parsed, issues);
  if (config === undefined) throw new ConfigError(issues);
  return config;
}

function pickKnownVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') known[name] = value.trim();
  }
  return known;
}

/** Checks each variable on its own, so one bad value does not hide another. */
function collectSchemaIssues(parsed: Env, raw: Record<string, string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, schema] of Object.entries(EnvSchema.properties)) {
    const variable = name as EnvName;
    if (parsed[variable] === undefined || Value.Check(schema, parsed[variable])) continue;
    const { description } = schema as { description?: string };
    issues.push({ variable, problem: `must be ${description ?? 'valid'}${echo(variable, raw[variable])}` });
  }
  return issues;
}

function echo(variable: EnvName, value: string | undefined): string {
  return value === undefined || SECRET_BEARING.has(variable) ? '' : ` (got ${JSON.stringify(value)})`;
}

/**
 * Checks what a schema cannot say (URL shapes, exclusive options) on the variables that passed the
 * schema, adding to `issues`, and builds the typed config when there is no issue at all.
 */
function deriveConfig(env: Env, issues: ConfigIssue[]): AppConfig | undefined {
  const invalid = (variable: EnvName): boolean => issues.some((issue) => issue.variable === variable);
  const check = <T>(variable: EnvName, parse: () => T): T | undefined => {
    if (invalid(variable)) return undefined;
    try {
      return parse();
    } catch (error) {
      const value = env[variable] === undefined ? undefined : String(env[variable]);
      issues.push({ variable, problem: `${(error as Error).message}${echo(variable, value)}` });
      return undefined;
    }
  };

  const appOrigin = env.APP_ORIGIN === undefined && invalid('PORT')
    ? undefined
    : check('APP_ORIGIN', () => parseOrigin(env.APP_ORIGIN ?? `http://localhost:${env.PORT}`));
  const issuer = check('OIDC_ISSUER', () => parseIssuer(env.OIDC_ISSUER));
  const jwksUri = check('OIDC_JWKS_URI', () =>
    env.OIDC_JWKS_URI === undefined ? undefined : parseSecureUrl(env.OIDC_JWKS_URI));
  check('OIDC_JWKS_FILE', () => requireOneKeySource(env));
  check('OIDC_SCOPES', () => requireOpenidScope(env.OIDC_SCOPES));
  check('OIDC_JWKS_MAX_STALE', () => requireRemoteKeys(env));
  const audience = appOrigin === undefined ? undefined : env.OIDC_AUDIENCE ?? `${appOrigin}/api`;
  check('OIDC_ACCESS_TOKEN_TYP', () => requireDistinctAudience(env, audience));
  const trustProxy = check('TRUST_PROXY', () => parseTrustProxy(env.TRUST_PROXY));
  const database = check('DATABASE_URL', () => parseDatabaseUrl(env.DATABASE_URL));
  if (
    issues.length > 0 || appOrigin === undefined || audience === undefined || issuer === undefined ||
    trustProxy === undefined || database === undefined
  ) {
    return undefined;
  }

  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    port: env.PORT,
    appOrigin,
    oidc: {
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      audience,
      scopes: env.OIDC_SCOPES,
      keys: env.OIDC_JWKS_FILE === undefined
        ? { kind: 'remote', jwksUri, maxStaleSeconds: env.OIDC_JWKS_MAX_STALE }
        : { kind: 'file', path: resolveFromRepo(env.OIDC_JWKS_FILE) },
      rolesClaim: env.OIDC_ROLES_CLAIM.split('.'),
      accessToken: { typ: env.OIDC_ACCESS_TOKEN_TYP, maxAgeSeconds: env.OIDC_ACCESS_TOKEN_MAX_AGE },
    },
    http: {
      trustProxy,
      rateLimitPerIp: env.RATE_LIMIT_PER_IP,
      rateLimitPerUser: env.RATE_LIMIT_PER_USER,
      rateLimitChatPosts: env.RATE_LIMIT_CHAT_POSTS,
    },
    database,
    webDist: resolveFromRepo(env.WEB_DIST ?? 'web/dist/browser'),
  };
}

/**
 * Parses a URL the API or the browser will send credentials to: https, or http on a loopback host
 * only (OAuth requires TLS: RFC 6749 §3.1, RFC 8414 §2; loopback is the development exception).
 */
function parseSecureUrl(value: string): URL {
  if (!URL.canParse(value)) throw new Error('must be an absolute URL');
  const url = new URL(value);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('must use https (http is allowed for localhost only)');
  }
  if (url.username !== '' || url.password !== '') throw new Error('must not contain credentials');
  return url;
}

function parseOrigin(value: string): string {
  const url = parseSecureUrl(value);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error('must be an origin (scheme, host and optional port) without a path, query or fragment');
  }
  return url.origin;
}

/** RFC 8414 §2: the issuer is an https URL with no query or fragment. Kept verbatim: compared exactly. */
function parseIssuer(value: string): string {
  const url = parseSecureUrl(value);
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    throw new Error('must not have a query or fragment (RFC 8414 section 2)');
  }
  return value;
}

function requireOneKeySource(env: Env): void {
  if (env.OIDC_JWKS_FILE !== undefined && env.OIDC_JWKS_URI !== undefined) {
    throw new Error('and OIDC_JWKS_URI are both set: choose one (with a file, the API makes no request to the IdP)');
  }
}

function requireRemoteKeys(env: Env): void {
  if (env.OIDC_JWKS_MAX_STALE !== undefined && env.OIDC_JWKS_FILE !== undefined) {
    throw new Error('applies to keys fetched from the IdP, not to OIDC_JWKS_FILE: unset one of them');
  }
}

/**
 * With `typ` no longer telling them apart, an ID token is refused by its `aud` (the client id) among
 * other checks; that cannot work when our audience *is* the client id.
 */
function requireDistinctAudience(env: Env, audience: string | undefined): void {
  if (env.OIDC_ACCESS_TOKEN_TYP === 'dangerously-accept-JWT' && audience === env.OIDC_CLIENT_ID) {
    throw new Error(
      'is dangerously-accept-JWT while OIDC_AUDIENCE equals OIDC_CLIENT_ID: the API could not tell an ID token from an access token; give the API its own audience',
    );
  }
}

/**
 * `TRUST_PROXY`: unset, or addresses, CIDR ranges and proxy-addr's names (`loopback`…), comma
 * separated. "Trust everyone" (`true`, `*`, a hop count) is refused: any client could then choose
 * its own address in `X-Forwarded-For`, and with it its rate-limit bucket.
 */
function parseTrustProxy(value: string | undefined): readonly string[] | false {
  if (value === undefined) return false;
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.find((entry) => !isProxyAddressOrRange(entry));
  if (invalid !== undefined) {
    throw new Error(
      `must list proxy addresses, CIDR ranges or ${PROXY_RANGE_NAMES.join('/')}, comma-separated; ${JSON.stringify(invalid)} is none of those (trusting every proxy would let any client pick its address)`,
    );
  }
  return entries;
}

function isProxyAddressOrRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function requireOpenidScope(scopes: string): void {
  if (!scopes.split(' ').includes('openid')) throw new Error('must include openid (the SPA signs in with OpenID Connect)');
}

function parseDatabaseUrl(value: string | undefined): DatabaseConfig {
  if (value === undefined) return { kind: 'sqlite', path: resolveFromRepo('data/app.db') };
  if (/^postgres(ql)?:/i.test(value)) {
    throw new Error('is a postgres:// URL: PostgreSQL is not supported yet; use file:<path> (SQLite)');
  }
  if (!value.startsWith('file:')) throw new Error('must be a file:<path> URL (SQLite)');
  if (value === 'file::memory:') return { kind: 'sqlite', path: ':memory:' };
  const path = value.startsWith('file://') ? fileURLToPath(value) : value.slice('file:'.length);
  if (path === '' || path.includes('?')) throw new Error('must be a file:<path> URL without query parameters');
  return { kind: 'sqlite', path: resolveFromRepo(path) };
}

function resolveFromRepo(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}
