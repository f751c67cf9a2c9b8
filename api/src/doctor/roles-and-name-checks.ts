/**
 * Check group 6, whom the API would see in a sample access token: the roles `readRoles` grants after
 * `OIDC_ROLE_MAP` (with what the claim held, to fix the claim or the map), and where the display
 * name comes from. Claim names and role names are shown; the token never is.
 */
import type { JWTPayload } from 'jose';
import { quoted } from '../auth/quoted.ts';
import { readRoles } from '../auth/roles.ts';
import { displayNameOf } from '../auth/verify-access-token.ts';
import type { AppConfig } from '../config.ts';
import { fail, pass, warn, type Finding } from './finding.ts';
import type { VendorWords } from './vendor-words.ts';

/** How many names of the roles claim a line repeats. */
const NAMES_SHOWN = 12;

function listed(names: readonly string[]): string {
  const shownNames = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shownNames} (and ${names.length - NAMES_SHOWN} more)` : shownNames;
}

/** The roles the guard would grant (`readRoles`), with what the claim held, to fix the claim or the map. */
export function checkRoles(payload: JWTPayload, config: AppConfig, words: VendorWords): Finding {
  const { roles: rolesConfig } = config.oidc;
  const { roles, status, names } = readRoles(payload, rolesConfig);
  const claim = `OIDC_ROLES_CLAIM=${rolesConfig.claim}`;
  const grantedBy = Object.entries(rolesConfig.map).map(([role, granting]) => `${role} for ${granting.map((name) => `"${name}"`).join(' or ')}`).join(', ');
  switch (status) {
    case 'granted':
      return pass(
        `Roles: ${roles.join(', ')}`,
        `${claim} lists ${listed(names)}`,
        `granted: ${roles.map((role) => `${role} (by ${rolesConfig.map[role].filter((name) => names.includes(name)).join(', ')})`).join(', ')}`,
      );
    case 'unmatched':
      return warn(
        'Roles: none granted: no name in the roles claim is one of the app\'s',
        `${claim} lists ${listed(names)}`,
        `the app grants ${grantedBy} (OIDC_ROLE_MAP)`,
        ...(names.some((name) => name.includes(' ')) ? ['a name holds spaces: if the claim is a space-separated list, set OIDC_ROLES_FORMAT=space-separated'] : []),
        'if one of these names should grant a role, set OIDC_ROLE_MAP (such as chat:<name>,analytics:<name>); if this user should have no role, try a user who should',
      );
    case 'empty':
      return warn('Roles: none: the roles claim is an empty list', `${claim} is empty for this user`, `try a user who should have roles; if they get none either: ${words.rolesInAccessToken}`);
    case 'missing':
      return warn(
        `Roles: the access token has no ${rolesConfig.claim}`,
        `its claims: ${Object.keys(payload).join(', ')}`,
        `set OIDC_ROLES_CLAIM to the claim that lists the roles (a dotted path such as realm_access.roles), or have the IdP add one: ${words.rolesInAccessToken}`,
      );
    case 'invalid':
      return fail(`Roles: ${rolesConfig.claim} is not a list of names`, `${claim} holds ${quoted(readAt(payload, rolesConfig.path))}`, 'point OIDC_ROLES_CLAIM at an array of strings (or one string), such as realm_access.roles rather than realm_access');
  }
}

function readAt(payload: JWTPayload, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, segment) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined), payload);
}

export function checkDisplayName(payload: JWTPayload, idTokenPayload: JWTPayload | undefined): Finding {
  const source = displayNameOf({ ...payload, sub: String(payload.sub) }).nameSource;
  if (source === 'name') return pass('Display name: from the access token\'s name');
  const idTokenName = idTokenPayload?.['name'];
  if (typeof idTokenName === 'string' && idTokenName.trim() !== '') {
    return pass(`Display name: the access token has no name, so the app shows the ID token's name (the API sees ${source})`);
  }
  if (source === 'preferred_username') {
    return pass('Display name: the user name (preferred_username): the access token has no name', 'with the profile scope, the ID token may carry a full name: the app shows that one');
  }
  return warn('Display name: the user\'s sub, an identifier: neither token has name or preferred_username', 'add profile to OIDC_SCOPES, or have the IdP put name in the tokens');
}
