/**
 * The server's configuration: the only module that reads `process.env`. The environment is
 * validated once, at boot, against one schema; a bad value stops the server with a message that
 * names the variable and what was wrong.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DpopMode, Role } from '@app/contracts';
import { Value } from 'typebox/value';
import { parseDatabaseUrl, type DatabaseConfig } from './config/database-url.ts';
import { EnvSchema, type Env, type EnvName } from './config/env-schema.ts';
import { analyticsLimitsOf, chatLimitsOf, requireAtLeast, type AnalyticsLimitsConfig, type ChatLimitsConfig, type HttpEdgeConfig } from './config/limits.ts';
import { parseListenHost } from './config/listen-host.ts';
import {
  claimPathOf,
  parseAuthorizationParameters,
  parseRoleMap,
  requireOneKeySource,
  requireRemoteKeys,
  requireScopesFor,
} from './config/oidc-variables.ts';
import { parseTrustProxy } from './config/trust-proxy.ts';
import { parseIssuer, parseIssuerIdentifier, parseOrigin, parseSecureUrl } from './config/urls.ts';
import { PROVIDER_PRESETS, type AccessTokenTyp, type ProviderName, type RolesFormat } from './provider-presets.ts';

/** The repository root, for defaults that live beside the code (`data/`, `web/dist/`). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export { ACCESS_TOKEN_TYPS, type AccessTokenTyp } from './provider-presets.ts';
export { DEV_IDP_ISSUER, EnvSchema, type Env } from './config/env-schema.ts';
export type { DatabaseConfig } from './config/database-url.ts';
export type { AnalyticsLimitsConfig, ChatLimitsConfig, HttpEdgeConfig } from './config/limits.ts';

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
  /** `OIDC_DPOP`: whether DPoP-bound tokens are accepted (with their proof), and bearer tokens still. */
  readonly dpop: DpopMode;
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
  /** Rooms a user may create, live streams a user, an address or the instance may hold. */
  readonly chat: ChatLimitsConfig;
  readonly analytics: AnalyticsLimitsConfig;
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

/**
 * This process's environment with `overrides`: what a server or tool it starts is given (`npm
 * start`'s servers, the benchmarks'). Each child reads and validates its own settings.
 */
export function environmentWith(overrides: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
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
  const accessTokenIssuer = check('OIDC_ACCESS_TOKEN_ISSUER', () => {
    if (env.OIDC_ACCESS_TOKEN_ISSUER !== undefined) return parseIssuerIdentifier(env.OIDC_ACCESS_TOKEN_ISSUER);
    return issuer === undefined || preset.accessTokenIssuer === undefined ? issuer : preset.accessTokenIssuer(issuer);
  });
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
  const database = check('DATABASE_URL', () => parseDatabaseUrl(env.DATABASE_URL, resolveFromRepo));
  const host = check('HOST', () => parseListenHost(env.HOST));
  if (!invalid('CHAT_STREAMS_PER_USER')) check('CHAT_STREAMS_PER_IP', () => requireAtLeast(env.CHAT_STREAMS_PER_IP, 'CHAT_STREAMS_PER_USER', env.CHAT_STREAMS_PER_USER));
  if (!invalid('CHAT_STREAMS_PER_IP')) check('CHAT_STREAMS_PER_INSTANCE', () => requireAtLeast(env.CHAT_STREAMS_PER_INSTANCE, 'CHAT_STREAMS_PER_IP', env.CHAT_STREAMS_PER_IP));
  if (
    issues.length > 0 || appOrigin === undefined || audience === undefined || issuer === undefined ||
    accessTokenIssuer === undefined || authorizationParameters === undefined || roleMap === undefined ||
    trustProxy === undefined || database === undefined || host === undefined
  ) {
    return undefined;
  }

  const rolesClaim = env.OIDC_ROLES_CLAIM ?? preset.rolesClaim;
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    port: env.PORT,
    host,
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
        dpop: env.OIDC_DPOP,
      },
    },
    http: {
      trustProxy,
      rateLimitPerIp: env.RATE_LIMIT_PER_IP,
      rateLimitPerUser: env.RATE_LIMIT_PER_USER,
      rateLimitChatPosts: env.RATE_LIMIT_CHAT_POSTS,
    },
    chat: chatLimitsOf(env),
    analytics: analyticsLimitsOf(env),
    database,
    webDist: resolveFromRepo(env.WEB_DIST ?? 'web/dist/browser'),
  };
}

function resolveFromRepo(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}
