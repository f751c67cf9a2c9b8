import { AppPath, FEATURE_PAGES } from '@app/contracts';

/**
 * Where a user goes right after signing in: the page they first asked for, else the first feature
 * page their roles open, else the forbidden page (which explains what is missing).
 */
export function landingPath(roles: readonly string[], returnUrl: string | null): string {
  if (returnUrl) return returnUrl;
  return FEATURE_PAGES.find((page) => roles.includes(page.role))?.path ?? AppPath.Forbidden;
}
