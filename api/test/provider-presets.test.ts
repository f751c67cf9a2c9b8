/** `OIDC_PROVIDER`: each vendor's defaults, and the explicit variables that override them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { PROVIDER_NAMES } from '../src/provider-presets.ts';

/** The settings a preset decides, for one environment. */
function presetOf(env: Record<string, string>) {
  const { oidc } = loadConfig(env);
  return {
    scopes: oidc.scopes,
    rolesClaim: oidc.roles.claim,
    rolesFormat: oidc.roles.format,
    typ: oidc.accessToken.typ,
    accessTokenClaims: oidc.accessToken.accessTokenClaims,
    idTokenClaims: oidc.accessToken.idTokenClaims,
    authorizationParameters: oidc.authorizationParameters,
    logoutFallback: oidc.logoutFallback,
  };
}

function problemWith(env: Record<string, string>, variable: string): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const issue = error.issues.find((candidate) => candidate.variable === variable);
    assert.ok(issue, `expected an issue about ${variable}, got: ${error.message}`);
    return issue.problem;
  }
  assert.fail(`expected ${variable} to be refused`);
}

const ENTRA_SCOPES = 'openid profile offline_access api://7f3c1e2a/access_as_user';

describe('provider presets', () => {
  it('generic: RFC 9068 access tokens, roles in a roles array, no extra parameter', () => {
    assert.deepEqual(presetOf({}), {
      scopes: 'openid profile offline_access',
      rolesClaim: 'roles',
      rolesFormat: 'list',
      typ: 'at+jwt',
      accessTokenClaims: ['scope', 'scp', 'client_id'],
      idTokenClaims: ['nonce', 'at_hash', 'c_hash'],
      authorizationParameters: {},
      logoutFallback: undefined,
    });
  });

  it('keycloak: typ JWT told apart by scope, realm roles, no offline_access', () => {
    const preset = presetOf({ OIDC_PROVIDER: 'keycloak' });
    assert.equal(preset.typ, 'dangerously-accept-JWT');
    assert.equal(preset.rolesClaim, 'realm_access.roles');
    assert.deepEqual(preset.accessTokenClaims, ['scope']);
    assert.equal(preset.scopes.split(' ').includes('offline_access'), false);
    assert.deepEqual(loadConfig({ OIDC_PROVIDER: 'keycloak' }).oidc.roles.path, ['realm_access', 'roles']);
  });

  it('entra-id: typ JWT told apart by scp, app roles, and refuses to start without a scope of the API', () => {
    const preset = presetOf({ OIDC_PROVIDER: 'entra-id', OIDC_SCOPES: ENTRA_SCOPES });
    assert.equal(preset.typ, 'dangerously-accept-JWT');
    assert.deepEqual(preset.accessTokenClaims, ['scp']);
    assert.equal(preset.rolesClaim, 'roles');
    assert.match(problemWith({ OIDC_PROVIDER: 'entra-id' }, 'OIDC_SCOPES'), /api:\/\/<application-id>\/access_as_user/);
  });

  it('entra-id: accepts one app registration for SPA and API (OIDC_AUDIENCE equal to OIDC_CLIENT_ID)', () => {
    const config = loadConfig({ OIDC_PROVIDER: 'entra-id', OIDC_SCOPES: ENTRA_SCOPES, OIDC_CLIENT_ID: '7f3c1e2a', OIDC_AUDIENCE: '7f3c1e2a' });
    assert.equal(config.oidc.audience, config.oidc.clientId);
  });

  it('okta: typ JWT (or none) told apart by scp and cid, groups', () => {
    const preset = presetOf({ OIDC_PROVIDER: 'okta' });
    assert.equal(preset.typ, 'dangerously-accept-JWT');
    assert.deepEqual(preset.accessTokenClaims, ['scp', 'cid']);
    assert.equal(preset.rolesClaim, 'groups');
  });

  it('auth0: asks for the API with the audience parameter, permissions as roles, and logs out at /v2/logout when discovery has no end-session endpoint', () => {
    const preset = presetOf({ OIDC_PROVIDER: 'auth0', OIDC_ISSUER: 'https://teamspace.eu.auth0.com/', OIDC_AUDIENCE: 'https://teamspace.example.com/api' });
    assert.deepEqual(preset.authorizationParameters, { audience: 'https://teamspace.example.com/api' });
    assert.equal(preset.rolesClaim, 'permissions');
    assert.deepEqual(preset.logoutFallback, { url: 'https://teamspace.eu.auth0.com/v2/logout', redirectParameter: 'returnTo' });
  });

  it('adfs: asks for the API with the RFC 8707 resource parameter, and expects its access tokens\' http issuer', () => {
    const env = { OIDC_PROVIDER: 'adfs', OIDC_ISSUER: 'https://sso.example.com/adfs', OIDC_AUDIENCE: 'urn:teamspace:api' };
    assert.deepEqual(presetOf(env).authorizationParameters, { resource: 'urn:teamspace:api' });
    assert.equal(loadConfig(env).oidc.accessToken.issuer, 'http://sso.example.com/adfs/services/trust');
    assert.equal(loadConfig(env).oidc.issuer, 'https://sso.example.com/adfs');
  });

  it('pingfederate: no audience parameter (the client\'s access token manager decides aud), groups, untyped tokens', () => {
    const preset = presetOf({ OIDC_PROVIDER: 'pingfederate' });
    assert.deepEqual(preset.authorizationParameters, {});
    assert.equal(preset.typ, 'dangerously-accept-JWT');
    assert.equal(preset.rolesClaim, 'groups');
  });

  it('every preset refuses ID tokens by at_hash (and all but keycloak by nonce), and names at least one access-token claim', () => {
    for (const provider of PROVIDER_NAMES) {
      const preset = presetOf({ OIDC_PROVIDER: provider, OIDC_SCOPES: ENTRA_SCOPES });
      assert.ok(preset.idTokenClaims.includes('at_hash'), provider);
      assert.equal(preset.idTokenClaims.includes('nonce'), provider !== 'keycloak', provider);
      assert.ok(preset.accessTokenClaims.length > 0, provider);
    }
  });

  it('keycloak: accepts access tokens with nonce (Keycloak before 25 puts it there)', () => {
    assert.deepEqual(presetOf({ OIDC_PROVIDER: 'keycloak' }).idTokenClaims, ['at_hash', 'c_hash']);
  });

  it('lets each explicit variable override the preset', () => {
    const config = loadConfig({
      OIDC_PROVIDER: 'keycloak',
      OIDC_SCOPES: 'openid profile offline_access',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLES_FORMAT: 'space-separated',
      OIDC_ACCESS_TOKEN_TYP: 'at+jwt',
      OIDC_ACCESS_TOKEN_CLAIMS: 'azp,scope',
      OIDC_ID_TOKEN_CLAIMS: 'nonce',
      OIDC_AUDIENCE_PARAMETER: 'resource',
    });
    assert.equal(config.oidc.scopes, 'openid profile offline_access');
    assert.deepEqual(config.oidc.roles.path, ['groups']);
    assert.equal(config.oidc.roles.format, 'space-separated');
    assert.equal(config.oidc.accessToken.typ, 'at+jwt');
    assert.deepEqual(config.oidc.accessToken.accessTokenClaims, ['azp', 'scope']);
    assert.deepEqual(config.oidc.accessToken.idTokenClaims, ['nonce']);
    assert.deepEqual(config.oidc.authorizationParameters, { resource: config.oidc.audience });
  });

  it('refuses an unknown provider, naming the ones it knows', () => {
    assert.match(problemWith({ OIDC_PROVIDER: 'ping' }, 'OIDC_PROVIDER'), /one of generic, keycloak, entra-id, okta, auth0, pingfederate, adfs/);
  });
});

describe('role map, claims and authorization parameters (config)', () => {
  it('reads OIDC_ROLE_MAP: several names for one role, the unmapped role by its own name', () => {
    const { map } = loadConfig({ OIDC_ROLE_MAP: 'chat:APP-CHAT, chat:8f2c6a1e-1111-4d8e-9c1a-0a6b5e7d2f11' }).oidc.roles;
    assert.deepEqual(map, { chat: ['APP-CHAT', '8f2c6a1e-1111-4d8e-9c1a-0a6b5e7d2f11'], analytics: ['analytics'] });
  });

  it('keeps colons after the first in a mapped name (a DOMAIN\\group or urn: name)', () => {
    assert.deepEqual(loadConfig({ OIDC_ROLE_MAP: 'analytics:urn:corp:bi' }).oidc.roles.map.analytics, ['urn:corp:bi']);
  });

  it('refuses a role map naming a role the app does not have', () => {
    assert.match(problemWith({ OIDC_ROLE_MAP: 'admin:APP-ADMIN' }, 'OIDC_ROLE_MAP'), /chat, analytics.*"admin" is not one/);
  });

  it('refuses a role map entry without a name', () => {
    assert.match(problemWith({ OIDC_ROLE_MAP: 'chat:APP-CHAT,analytics' }, 'OIDC_ROLE_MAP'), /role:name pairs/);
  });

  it('reads a URL roles claim as one claim name, a dotted one as a path', () => {
    assert.deepEqual(loadConfig({ OIDC_ROLES_CLAIM: 'https://teamspace.example.com/roles' }).oidc.roles.path, ['https://teamspace.example.com/roles']);
    assert.deepEqual(loadConfig({ OIDC_ROLES_CLAIM: 'resource_access.web.roles' }).oidc.roles.path, ['resource_access', 'web', 'roles']);
  });

  it('refuses claim lists with spaces or empty names', () => {
    assert.match(problemWith({ OIDC_ACCESS_TOKEN_CLAIMS: 'scope,,scp' }, 'OIDC_ACCESS_TOKEN_CLAIMS'), /claim names separated by commas/);
    assert.match(problemWith({ OIDC_ID_TOKEN_CLAIMS: 'nonce at_hash' }, 'OIDC_ID_TOKEN_CLAIMS'), /claim names separated by commas/);
  });

  it('passes OIDC_AUTHORIZATION_PARAMS to the SPA, beside the audience parameter', () => {
    const config = loadConfig({ OIDC_AUDIENCE_PARAMETER: 'audience', OIDC_AUTHORIZATION_PARAMS: 'domain_hint=example.com&acr_values=mfa' });
    assert.deepEqual(config.oidc.authorizationParameters, { audience: 'http://localhost:4200/api', domain_hint: 'example.com', acr_values: 'mfa' });
  });

  it('refuses OIDC_AUTHORIZATION_PARAMS that would replace what the SPA sets for each sign-in (redirect_uri, state, code_challenge…)', () => {
    for (const name of ['redirect_uri', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'client_id', 'scope', 'prompt']) {
      assert.match(problemWith({ OIDC_AUTHORIZATION_PARAMS: `${name}=x` }, 'OIDC_AUTHORIZATION_PARAMS'), new RegExp(`must not set ${name}`));
    }
  });

  it('refuses OIDC_AUTHORIZATION_PARAMS that repeat the audience parameter', () => {
    assert.match(
      problemWith({ OIDC_AUDIENCE_PARAMETER: 'resource', OIDC_AUTHORIZATION_PARAMS: 'resource=https://other' }, 'OIDC_AUTHORIZATION_PARAMS'),
      /sets resource twice/,
    );
  });

  it('reads OIDC_ACCESS_TOKEN_ISSUER for IdPs whose access tokens name another issuer (Entra v1, AD FS: an identifier, http allowed)', () => {
    const config = loadConfig({ OIDC_ISSUER: 'https://login.microsoftonline.com/tid/v2.0', OIDC_ACCESS_TOKEN_ISSUER: 'https://sts.windows.net/tid/' });
    assert.equal(config.oidc.issuer, 'https://login.microsoftonline.com/tid/v2.0');
    assert.equal(config.oidc.accessToken.issuer, 'https://sts.windows.net/tid/');
    assert.equal(loadConfig({ OIDC_ACCESS_TOKEN_ISSUER: 'http://sts.example.com/adfs/services/trust' }).oidc.accessToken.issuer, 'http://sts.example.com/adfs/services/trust');
    assert.match(problemWith({ OIDC_ACCESS_TOKEN_ISSUER: 'https://sts.example.com/?tenant=1' }, 'OIDC_ACCESS_TOKEN_ISSUER'), /query or fragment/);
    assert.match(problemWith({ OIDC_ACCESS_TOKEN_ISSUER: 'urn:sts' }, 'OIDC_ACCESS_TOKEN_ISSUER'), /http\(s\) URL/);
  });
});
