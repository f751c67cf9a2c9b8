/**
 * The server's configuration: the only module that reads `process.env`. The environment is
 * validated once, at boot, against one schema; a bad value stops the server with a message that
 * names the variable and what was wrong.
 */
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, isRole, type Role } from '@app/contracts';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  ACCESS_TOKEN_TYPS,
  AUDIENCE_PARAMETERS,
  PROVIDER_NAMES,
  PROVIDER_PRESETS,
  ROLES_FORMATS,
  type AccessTokenTyp,
  type AudienceParameter,
  type ProviderName,
  type ProviderPreset,
  type RolesFormat,
} from './provider-presets.ts';

/** The repository root, for defaults that live beside the code (`data/`, `web/dist/`). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

export { ACCESS_TOKEN_TYPS, type AccessTokenTyp } from './provider-presets.ts';

/** proxy-addr's names for address ranges, accepted in `TRUST_PROXY` beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces. */
const SCOPE_LIST = '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$';

/** Claim names, comma-separated (`scope,scp,client_id`). */
const CLAIM_NAME_LIST = '^[^,\\s]+(,[^,\\s]+)*$';

/**
 * Scopes every OpenID provider knows (OIDC Core §5.4, §11). A vendor that needs a scope of the API
 * itself before it issues a token for it (Entra ID) needs one that is none of these.
 */
const OPENID_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);

/**
 * Authorization-request parameters the SPA sets itself, per sign-in (RFC 6749 §4.1.1, RFC 7636,
 * OIDC Core §3.1.2.1, RFC 9101, RFC 9126): `OIDC_AUTHORIZATION_PARAMS` may not replace them.
 */
const PROTOCOL_PARAMETERS: ReadonlySet<string> = new Set([
  'client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge',
  'code_challenge_method', 'prompt', 'response_mode', 'request', 'request_uri', 'id_token_hint', 'ui_locales',
]);

/**
 * The environment the server reads. Each `description` completes the sentence "VAR must be …", so
 * a validation error reads as a sentence naming the variable.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum([...NODE_ENVS], { default: 'development', description: `one of ${NODE_ENVS.join(', ')}` }),
  LOG_LEVEL: Type.Enum([...LOG_LEVELS], { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 4200, description: 'an integer from 1 to 65535' }),
  HOST: Type.String({ default: '127.0.0.1', description: 'an IP address to listen on, such as 127.0.0.1 or 0.0.0.0' }),
  APP_ORIGIN: Type.Optional(Type.String({ description: 'an origin such as https://app.example.com' })),
  OIDC_PROVIDER: Type.Enum([...PROVIDER_NAMES], { default: 'generic', description: `one of ${PROVIDER_NAMES.join(', ')}` }),
  OIDC_ISSUER: Type.String({ default: 'http://localhost:4000', description: 'the issuer URL' }),
  OIDC_ACCESS_TOKEN_ISSUER: Type.Optional(Type.String({ description: 'the issuer URL of access tokens' })),
  OIDC_CLIENT_ID: Type.String({ minLength: 1, default: 'web', description: 'a client id' }),
  OIDC_AUDIENCE: Type.Optional(Type.String({ minLength: 1, description: 'an audience value' })),
  OIDC_AUDIENCE_PARAMETER: Type.Optional(Type.Enum([...AUDIENCE_PARAMETERS], { description: `one of ${AUDIENCE_PARAMETERS.join(', ')}` })),
  OIDC_AUTHORIZATION_PARAMS: Type.Optional(Type.String({ description: 'query parameters such as domain_hint=example.com&acr_values=mfa' })),
  OIDC_SCOPES: Type.Optional(Type.String({
    pattern: SCOPE_LIST,
    description: 'scope names separated by single spaces (RFC 6749 section 3.3)',
  })),
  OIDC_JWKS_URI: Type.Optional(Type.String({ description: 'the URL of a JWKS' })),
  OIDC_JWKS_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a JWKS file' })),
  OIDC_ROLES_CLAIM: Type.Optional(Type.String({
    pattern: '^(https?://\\S+|[^.\\s]+(\\.[^.\\s]+)*)$',
    description: 'a claim name, a dotted path such as realm_access.roles, or a URL claim name such as https://example.com/roles',
  })),
  OIDC_ROLES_FORMAT: Type.Optional(Type.Enum([...ROLES_FORMATS], { description: `one of ${ROLES_FORMATS.join(', ')}` })),
  OIDC_ROLE_MAP: Type.Optional(Type.String({ description: 'a list such as chat:APP-CHAT,analytics:APP-BI' })),
  OIDC_ACCESS_TOKEN_TYP: Type.Optional(Type.Enum([...ACCESS_TOKEN_TYPS], { description: `one of ${ACCESS_TOKEN_TYPS.join(', ')}` })),
  OIDC_ACCESS_TOKEN_CLAIMS: Type.Optional(Type.String({ pattern: CLAIM_NAME_LIST, description: 'claim names separated by commas' })),
  OIDC_ID_TOKEN_CLAIMS: Type.Optional(Type.String({ pattern: CLAIM_NAME_LIST, description: 'claim names separated by commas' })),
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
  DATABASE_URL: Type.Optional(Type.String({ description: 'a file: (SQLite) or postgres:// (PostgreSQL) URL' })),
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

/** What the token guard accepts beyond the audience. */
export interface AccessTokenConfig {
  /** `OIDC_ACCESS_TOKEN_ISSUER`, else `OIDC_ISSUER`: the exact `iss` of access tokens. */
  readonly issuer: string;
  /** `OIDC_ACCESS_TOKEN_TYP`. */
  readonly typ: AccessTokenTyp;
  /** `OIDC_ACCESS_TOKEN_CLAIMS`: one of these marks an access token whose `typ` does not. */
  readonly accessTokenClaims: readonly string[];
  /** `OIDC_ID_TOKEN_CLAIMS`: any of these marks an ID token. */
  readonly idTokenClaims: readonly string[];
  /** `OIDC_ACCESS_TOKEN_MAX_AGE`: tokens issued longer ago than this are refused, whatever their `exp`. */
  readonly maxAgeSeconds: number;
}

/**
 * For each of our roles, the names in the roles claim that grant it: `OIDC_ROLE_MAP`'s names for a
 * role it maps, the role's own name for one it does not.
 */
export type RoleMap = Readonly<Record<Role, readonly string[]>>;

/** Where the access token lists the user's roles, and how. */
export interface RolesConfig {
  /** `OIDC_ROLES_CLAIM` as written, for messages. */
  readonly claim: string;
  /** The claim as path segments: `realm_access.roles` is `['realm_access', 'roles']`; a URL is one segment. */
  readonly path: readonly string[];
  /** `OIDC_ROLES_FORMAT`. */
  readonly format: RolesFormat;
  readonly map: RoleMap;
}

/** Where the SPA ends the IdP session when discovery names no `end_session_endpoint` (a preset's). */
export interface LogoutFallbackConfig {
  readonly url: string;
  readonly redirectParameter: string;
}

export interface OidcConfig {
  /** `OIDC_PROVIDER`: the vendor whose defaults apply. */
  readonly provider: ProviderName;
  /** Compared exactly (no normalisation) with discovery's `issuer` and ID tokens' `iss`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: string;
  /**
   * Parameters the SPA adds to every authorization request: the audience parameter
   * (`OIDC_AUDIENCE_PARAMETER`) and `OIDC_AUTHORIZATION_PARAMS`.
   */
  readonly authorizationParameters: Readonly<Record<string, string>>;
  readonly logoutFallback: LogoutFallbackConfig | undefined;
  readonly keys: KeySourceConfig;
  readonly roles: RolesConfig;
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

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  /** `url` as given (node-postgres reads it, `sslmode` and the like included); it may hold a password. */
  | { readonly kind: 'postgres'; readonly url: string };

export interface AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly port: number;
  /** `HOST`: the address to listen on; loopback unless the proxy reaches the app over a network. */
  readonly host: string;
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

  // With OIDC_PROVIDER wrong (reported already), the other variables are still checked, as generic.
  const preset = PROVIDER_PRESETS[invalid('OIDC_PROVIDER') ? 'generic' : env.OIDC_PROVIDER];
  const appOrigin = env.APP_ORIGIN === undefined && invalid('PORT')
    ? undefined
    : check('APP_ORIGIN', () => parseOrigin(env.APP_ORIGIN ?? `http://localhost:${env.PORT}`));
  const issuer = check('OIDC_ISSUER', () => parseIssuer(env.OIDC_ISSUER));
  const accessTokenIssuer = check('OIDC_ACCESS_TOKEN_ISSUER', () =>
    env.OIDC_ACCESS_TOKEN_ISSUER === undefined ? issuer : parseIssuer(env.OIDC_ACCESS_TOKEN_ISSUER));
  const jwksUri = check('OIDC_JWKS_URI', () =>
    env.OIDC_JWKS_URI === undefined ? undefined : parseSecureUrl(env.OIDC_JWKS_URI));
  check('OIDC_JWKS_FILE', () => requireOneKeySource(env));
  const scopes = env.OIDC_SCOPES ?? preset.scopes;
  check('OIDC_SCOPES', () => requireScopesFor(preset, scopes));
  check('OIDC_JWKS_MAX_STALE', () => requireRemoteKeys(env));
  const audience = appOrigin === undefined ? undefined : env.OIDC_AUDIENCE ?? `${appOrigin}/api`;
  const audienceParameter = env.OIDC_AUDIENCE_PARAMETER ?? preset.audienceParameter;
  const authorizationParameters = audience === undefined
    ? undefined
    : check('OIDC_AUTHORIZATION_PARAMS', () => parseAuthorizationParameters(env.OIDC_AUTHORIZATION_PARAMS, audienceParameter, audience));
  const roleMap = check('OIDC_ROLE_MAP', () => parseRoleMap(env.OIDC_ROLE_MAP));
  const trustProxy = check('TRUST_PROXY', () => parseTrustProxy(env.TRUST_PROXY));
  const database = check('DATABASE_URL', () => parseDatabaseUrl(env.DATABASE_URL));
  check('HOST', () => requireIpAddress(env.HOST));
  if (
    issues.length > 0 || appOrigin === undefined || audience === undefined || issuer === undefined ||
    accessTokenIssuer === undefined || authorizationParameters === undefined || roleMap === undefined ||
    trustProxy === undefined || database === undefined
  ) {
    return undefined;
  }

  const rolesClaim = env.OIDC_ROLES_CLAIM ?? preset.rolesClaim;
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    port: env.PORT,
    host: env.HOST,
    appOrigin,
    oidc: {
      provider: env.OIDC_PROVIDER,
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      audience,
      scopes,
      authorizationParameters,
      logoutFallback: preset.logoutFallback === undefined
        ? undefined
        : { url: preset.logoutFallback.url(issuer), redirectParameter: preset.logoutFallback.redirectParameter },
      keys: env.OIDC_JWKS_FILE === undefined
        ? { kind: 'remote', jwksUri, maxStaleSeconds: env.OIDC_JWKS_MAX_STALE }
        : { kind: 'file', path: resolveFromRepo(env.OIDC_JWKS_FILE) },
      roles: {
        claim: rolesClaim,
        path: claimPathOf(rolesClaim),
        format: env.OIDC_ROLES_FORMAT ?? preset.rolesFormat,
        map: roleMap,
      },
      accessToken: {
        issuer: accessTokenIssuer,
        typ: env.OIDC_ACCESS_TOKEN_TYP ?? preset.accessTokenTyp,
        accessTokenClaims: env.OIDC_ACCESS_TOKEN_CLAIMS?.split(',') ?? preset.accessTokenClaims,
        idTokenClaims: env.OIDC_ID_TOKEN_CLAIMS?.split(',') ?? preset.idTokenClaims,
        maxAgeSeconds: env.OIDC_ACCESS_TOKEN_MAX_AGE,
      },
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

/**
 * `openid` always (the SPA signs in with OpenID Connect). For a vendor that issues an access token
 * for our API only when one of its scopes is asked for, a scope beyond OpenID's own.
 */
function requireScopesFor(preset: ProviderPreset, scopes: string): void {
  const names = scopes.split(' ');
  if (!names.includes('openid')) throw new Error('must include openid (the SPA signs in with OpenID Connect)');
  if (preset.requiresApiScope && names.every((name) => OPENID_SCOPES.has(name))) {
    throw new Error(
      `must name a scope of your API, such as api://<application-id>/access_as_user: ${preset.title} issues an access token for your API only when one of its scopes is asked for (otherwise the token is for Microsoft Graph, which the API cannot verify)`,
    );
  }
}

/**
 * `OIDC_ROLES_CLAIM`: a dotted path into nested claims (`realm_access.roles`), or a claim whose
 * name is a URL (Auth0's namespaced claims, AD FS's claim types), which is one name, dots and all.
 */
function claimPathOf(claim: string): readonly string[] {
  return /^https?:\/\//.test(claim) ? [claim] : claim.split('.');
}

/**
 * `OIDC_ROLE_MAP`: `role:name` pairs, comma-separated; a role may be named several times. A role it
 * maps is granted by the mapped names only (its own name no longer grants it); one it does not map
 * is granted by its own name.
 */
function parseRoleMap(value: string | undefined): RoleMap {
  const map = Object.fromEntries(ROLES.map((role) => [role, [] as string[]])) as Record<Role, string[]>;
  for (const entry of value?.split(',') ?? []) {
    const separator = entry.indexOf(':');
    const role = entry.slice(0, separator).trim();
    const name = entry.slice(separator + 1).trim();
    if (separator < 0 || name === '') {
      throw new Error(`must list role:name pairs separated by commas, such as chat:APP-CHAT; ${JSON.stringify(entry)} is not one`);
    }
    if (!isRole(role)) {
      throw new Error(`maps roles of this app only (${ROLES.join(', ')}); ${JSON.stringify(role)} is not one`);
    }
    map[role].push(name);
  }
  for (const role of ROLES) if (map[role].length === 0) map[role].push(role);
  return map;
}

/**
 * The parameters the SPA adds to its authorization requests: `OIDC_AUDIENCE` in the audience
 * parameter, if the IdP needs one, and `OIDC_AUTHORIZATION_PARAMS` (URL query syntax), which may
 * not replace a parameter the SPA sets itself.
 */
function parseAuthorizationParameters(
  value: string | undefined,
  audienceParameter: AudienceParameter,
  audience: string,
): Readonly<Record<string, string>> {
  const parameters: Record<string, string> = audienceParameter === 'none' ? {} : { [audienceParameter]: audience };
  for (const [name, parameterValue] of new URLSearchParams(value ?? '')) {
    if (PROTOCOL_PARAMETERS.has(name)) {
      throw new Error(`must not set ${name}: the app sets it itself for every sign-in`);
    }
    if (Object.hasOwn(parameters, name)) {
      throw new Error(`sets ${name} twice (OIDC_AUDIENCE_PARAMETER already sends ${name}=OIDC_AUDIENCE)`);
    }
    parameters[name] = parameterValue;
  }
  return parameters;
}

function parseDatabaseUrl(value: string | undefined): DatabaseConfig {
  if (value === undefined) return { kind: 'sqlite', path: resolveFromRepo('data/app.db') };
  if (/^postgres(ql)?:/i.test(value)) return parsePostgresUrl(value);
  if (!value.startsWith('file:')) throw new Error('must be a file:<path> (SQLite) or postgres://… (PostgreSQL) URL');
  if (value === 'file::memory:') return { kind: 'sqlite', path: ':memory:' };
  const path = value.startsWith('file://') ? fileURLToPath(value) : value.slice('file:'.length);
  if (path === '' || path.includes('?')) throw new Error('must be a file:<path> URL without query parameters');
  return { kind: 'sqlite', path: resolveFromRepo(path) };
}

function requireIpAddress(value: string): void {
  if (isIP(value) === 0) throw new Error('must be an IP address, such as 127.0.0.1 or 0.0.0.0');
}

/** `postgres://[user[:password]@]host[:port]/database[?…]`: a host and a database name, at least. */
function parsePostgresUrl(value: string): DatabaseConfig {
  if (!URL.canParse(value)) throw new Error('must be a URL such as postgres://user:password@host:5432/database');
  const url = new URL(value);
  if (!/^postgres(ql)?:$/.test(url.protocol) || url.hostname === '' || url.pathname.length <= 1) {
    throw new Error('must name a host and a database, such as postgres://user:password@host:5432/database');
  }
  return { kind: 'postgres', url: value };
}

function resolveFromRepo(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}
