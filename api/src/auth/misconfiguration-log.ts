import { ROLES, RolesClaimStatus } from '@app/contracts';
import type { RolesConfig } from '../config.ts';
import { InvalidTokenError } from './errors.ts';
import { quoted } from './quoted.ts';
import type { Principal, RolesClaimFound } from './verify-access-token.ts';

/** How long before the same misconfiguration is logged again. */
export const MISCONFIGURATION_LOG_INTERVAL_MS = 10 * 60_000;

/** How many distinct messages are remembered; past that, the memory starts over (a flood cannot grow it). */
const MAX_REMEMBERED = 256;

/** How many of the names a roles claim listed a log line repeats. */
const NAMES_SHOWN = 8;

export interface WarnLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * Says in the server log, at `warn`, when a token the IdP signed is refused or grants no role
 * because the app's settings and the IdP disagree, naming the variable that fixes it (at `info`
 * for names that `OIDC_ROLE_MAP` maps to nothing: usually a user outside the mapped groups). Each distinct
 * message is logged at most once per {@link MISCONFIGURATION_LOG_INTERVAL_MS}, so a whole company
 * signing in with a wrong setting makes one line, not one per request.
 */
export interface MisconfigurationLog {
  /** A refusal with a hint (a validly signed token that the settings refuse); others are not said. */
  tokenRefused(log: WarnLog, error: unknown): void;
  /** A valid token whose roles claim is missing, not a list, or lists no name of ours. */
  rolesNotGranted(log: WarnLog, principal: Principal): void;
}

export function createMisconfigurationLog(roles: RolesConfig, now: () => number = Date.now): MisconfigurationLog {
  // With OIDC_ROLE_MAP set, names that map to nothing are most often a user outside the mapped
  // groups (Keycloak lists default roles for everyone): worth a line, not a warning.
  const mapped = ROLES.some((role) => roles.map[role].length !== 1 || roles.map[role][0] !== role);
  const lastLogged = new Map<string, number>();
  const due = (message: string): boolean => {
    const last = lastLogged.get(message);
    if (last !== undefined && now() - last < MISCONFIGURATION_LOG_INTERVAL_MS) return false;
    if (lastLogged.size >= MAX_REMEMBERED) lastLogged.clear();
    lastLogged.set(message, now());
    return true;
  };

  return {
    tokenRefused(log, error) {
      if (!(error instanceof InvalidTokenError) || error.hint === undefined) return;
      const message = `Access token refused (${error.reason}): ${error.hint.detail}`;
      if (due(message)) log.warn({ auth: error.code, reason: error.reason, variable: error.hint.variable }, message);
    },
    rolesNotGranted(log, principal) {
      const { status } = principal.rolesClaim;
      const message = describeRolesProblem(roles, principal.rolesClaim);
      if (message === undefined || !due(message)) return;
      const details = { rolesClaim: status, variable: variableFor(status) };
      if (status === RolesClaimStatus.Unmatched && mapped) log.info(details, message);
      else log.warn(details, message);
    },
  };
}

function variableFor(status: RolesClaimStatus): string {
  return status === RolesClaimStatus.Unmatched ? 'OIDC_ROLE_MAP' : 'OIDC_ROLES_CLAIM';
}

function describeRolesProblem(roles: RolesConfig, found: RolesClaimFound): string | undefined {
  const where = `OIDC_ROLES_CLAIM=${roles.claim}`;
  switch (found.status) {
    case RolesClaimStatus.Missing:
      return `No roles claim at ${where} in a signed-in user's access token, so the user has no role here (they see the forbidden page). The token's claims are: ${found.tokenClaimNames.join(', ')}. Set OIDC_ROLES_CLAIM to the claim that lists roles or groups (or OIDC_PROVIDER to the IdP's vendor), or have the IdP add the roles to access tokens`;
    case RolesClaimStatus.Invalid:
      return `The claim at ${where} is not a list of names (an array of strings, or a string), so it grants nothing. Point OIDC_ROLES_CLAIM at the list itself (for nested claims, a dotted path such as realm_access.roles)`;
    case RolesClaimStatus.Unmatched: {
      const shown = found.names.slice(0, NAMES_SHOWN).map((name) => quoted(name)).join(', ');
      const more = found.names.length > NAMES_SHOWN ? `, and ${found.names.length - NAMES_SHOWN} more` : '';
      const expected = Object.entries(roles.map).map(([role, names]) => `${role} from ${names.map((name) => quoted(name)).join(' or ')}`).join('; ');
      return `The claim at ${where} lists ${found.names.length} name(s), none of which grants a role of this app (${expected}): the names it lists are ${shown}${more}. Map the company's names to ours with OIDC_ROLE_MAP, e.g. chat:APP-CHAT,analytics:APP-BI (names are compared exactly, letter case included)`;
    }
    default:
      return undefined;
  }
}
