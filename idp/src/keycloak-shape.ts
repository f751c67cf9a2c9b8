/**
 * A Keycloak realm's token shape (`IDP_SHAPE=keycloak`), with the quirks seen in corporate IdPs, so the
 * app and `npm run doctor` meet them in tests:
 * - the access token's header says `typ: JWT`, not RFC 9068's `at+jwt` (RFC 9068 §2.1);
 * - its `aud` is an array holding the API *and* the SPA's client id; the client is named by `azp`, not
 *   `client_id` (RFC 9068 §2.2); a `typ: "Bearer"` claim; `scope` lists the client scopes (`openid profile`);
 * - roles are company group names under `realm_access.roles`, among Keycloak's default realm roles;
 * - `preferred_username` but no `name`.
 * ID tokens carry `name` and `preferred_username` but no roles: Keycloak's "realm roles" mapper adds
 * `realm_access` to access tokens only, unless an admin turns on "Add to ID token".
 */
import { Role } from '@app/contracts';
import type { TokenShape } from './token-shape.ts';
import type { DevUser } from './users.ts';

/** The company groups that stand for the app's roles (a deployment maps them back with OIDC_ROLE_MAP). */
export const KEYCLOAK_GROUPS = {
  [Role.Chat]: 'APP-TEAMSPACE-CHAT',
  [Role.Analytics]: 'APP-TEAMSPACE-BI',
} as const satisfies Record<Role, string>;

/** The realm roles Keycloak gives every user of a realm named `dev`: noise the app must ignore. */
export const KEYCLOAK_DEFAULT_ROLES = ['offline_access', 'uma_authorization', 'default-roles-dev'] as const;

export const keycloakShape: TokenShape = {
  claimsByScope: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  userClaims: (user) => ({ sub: user.username, name: user.name, preferred_username: user.username }),
  accessTokenClaims: (user) => ({
    typ: 'Bearer',
    preferred_username: user.username,
    realm_access: { roles: realmRolesOf(user) },
  }),
  reshapeAccessToken: (token) => {
    const { payload } = token;
    const clientId = payload['client_id'];
    token.header = { typ: 'JWT' };
    payload['aud'] = [payload['aud'], clientId].flat();
    payload['azp'] = clientId;
    delete payload['client_id'];
    // Keycloak lists the client scopes the token was issued with; oidc-provider lists only the API's.
    payload['scope'] = ['openid', 'profile', payload['scope']].filter((scope) => typeof scope === 'string').join(' ');
  },
};

function realmRolesOf(user: DevUser): string[] {
  return [...KEYCLOAK_DEFAULT_ROLES, ...user.roles.map((role) => KEYCLOAK_GROUPS[role])];
}
