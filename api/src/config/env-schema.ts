/**
 * The environment the app server reads, as one schema: validated once, at boot, by `loadConfig`
 * (config.ts, the only module of the server that reads the environment).
 */
import { DPOP_MODES } from '@app/contracts';
import { Type, type Static } from 'typebox';
import { ACCESS_TOKEN_TYPS, AUDIENCE_PARAMETERS, PROVIDER_NAMES, ROLES_FORMATS } from '../provider-presets.ts';

/** The dev IdP's issuer (`npm start` runs it): the default `OIDC_ISSUER`. */
export const DEV_IDP_ISSUER = 'http://localhost:4000';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces. */
const SCOPE_LIST = '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$';

/** Claim names, comma-separated (`scope,scp,client_id`). */
const CLAIM_NAME_LIST = '^[^,\\s]+(,[^,\\s]+)*$';

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
  OIDC_ISSUER: Type.String({ default: DEV_IDP_ISSUER, description: 'the issuer URL' }),
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
  OIDC_DPOP: Type.Enum([...DPOP_MODES], { default: 'allowed', description: `one of ${DPOP_MODES.join(', ')}` }),
  OIDC_JWKS_MAX_STALE: Type.Optional(Type.Integer({ minimum: 0, description: 'a number of seconds (0 or more)' })),
  TRUST_PROXY: Type.Optional(Type.String({ description: 'a comma-separated list of proxy addresses or CIDR ranges' })),
  RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 1200, description: 'a number of requests per minute, at least 1' }),
  RATE_LIMIT_PER_USER: Type.Integer({ minimum: 1, default: 600, description: 'a number of requests per minute, at least 1' }),
  RATE_LIMIT_CHAT_POSTS: Type.Integer({ minimum: 1, default: 30, description: 'a number of messages per minute, at least 1' }),
  RATE_LIMIT_ROOMS_PER_DAY: Type.Integer({ minimum: 1, default: 20, description: 'a number of rooms per day, at least 1' }),
  CHAT_STREAMS_PER_USER: Type.Integer({ minimum: 1, default: 5, description: 'a number of live streams, at least 1' }),
  CHAT_STREAMS_PER_IP: Type.Integer({ minimum: 1, default: 100, description: 'a number of live streams, at least 1' }),
  CHAT_STREAMS_PER_INSTANCE: Type.Integer({ minimum: 1, default: 5000, description: 'a number of live streams, at least 1' }),
  ANALYTICS_TIME_BUDGET_MS: Type.Integer({ minimum: 1, maximum: 300_000, default: 10_000, description: 'a number of milliseconds from 1 to 300000' }),
  ANALYTICS_CONCURRENT_PER_USER: Type.Integer({ minimum: 1, default: 2, description: 'a number of summaries, at least 1' }),
  DATABASE_URL: Type.Optional(Type.String({ description: 'a file: (SQLite) or postgres:// (PostgreSQL) URL' })),
  WEB_DIST: Type.Optional(Type.String({ minLength: 1, description: 'a directory path' })),
});
export type Env = Static<typeof EnvSchema>;
export type EnvName = keyof Env;
