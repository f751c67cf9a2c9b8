import { AppPath, FEATURE_PAGES, isRole } from '@app/contracts';

/**
 * Where a user goes right after signing in: the page they first asked for, else the first feature
 * page their roles open, else the forbidden page (which explains what is missing).
 */
export function landingPath(roles: readonly string[], returnUrl: string | null): string {
  if (returnUrl) return returnUrl;
  return FEATURE_PAGES.find((page) => roles.includes(page.role))?.path ?? AppPath.Forbidden;
}

/**
 * Where `/forbidden?role=…` sends a user whom it would not be true of, or null to show it: the
 * page of the role it names when the user has that role (an address kept from before the role was
 * granted), else the landing page when it names no role and the user has one (the page would say
 * they have none).
 */
export function forbiddenPageRedirect(roles: readonly string[], missingRole: string | null): string | null {
  if (isRole(missingRole)) {
    return roles.includes(missingRole) ? (FEATURE_PAGES.find((page) => page.role === missingRole)?.path ?? null) : null;
  }
  const landing = landingPath(roles, null);
  return landing === AppPath.Forbidden ? null : landing;
}
