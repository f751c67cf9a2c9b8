/** The checks and parsers of the `OIDC_*` variables that a schema cannot express. */
import { ROLES, isRole, type Role } from '@app/contracts';
import type { AudienceParameter, ProviderPreset } from '../provider-presets.ts';
import type { Env } from './env-schema.ts';

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

export function requireOneKeySource(env: Env): void {
  if (env.OIDC_JWKS_FILE !== undefined && env.OIDC_JWKS_URI !== undefined) {
    throw new Error('and OIDC_JWKS_URI are both set: choose one (with a file, the API makes no request to the IdP)');
  }
}

export function requireRemoteKeys(env: Env): void {
  if (env.OIDC_JWKS_MAX_STALE !== undefined && env.OIDC_JWKS_FILE !== undefined) {
    throw new Error('applies to keys fetched from the IdP, not to OIDC_JWKS_FILE: unset one of them');
  }
}

/**
 * `openid` always (the SPA signs in with OpenID Connect). For a vendor that issues an access token
 * for our API only when one of its scopes is asked for, a scope beyond OpenID's own.
 */
export function requireScopesFor(preset: ProviderPreset, scopes: string): void {
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
export function claimPathOf(claim: string): readonly string[] {
  return /^https?:\/\//.test(claim) ? [claim] : claim.split('.');
}

/**
 * `OIDC_ROLE_MAP`: `role:name` pairs, comma-separated; a role may be named several times. A role it
 * maps is granted by the mapped names only (its own name no longer grants it); one it does not map
 * is granted by its own name.
 */
export function parseRoleMap(value: string | undefined): Readonly<Record<Role, readonly string[]>> {
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
export function parseAuthorizationParameters(
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
