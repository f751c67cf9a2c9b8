import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AppPath, type Role } from '@app/contracts';
import { forbiddenPageRedirect } from './landing';
import { Session } from './session';

/**
 * Lets through users with `role`; sends the others to the forbidden page, which names the missing
 * role. This mirrors the API's check for the user experience: the API is the one that enforces it.
 * Use it under {@link authGuard}.
 */
export function roleGuard(role: Role): CanActivateFn {
  return () => inject(Session).hasRole(role) || inject(Router).createUrlTree([AppPath.Forbidden], { queryParams: { role } });
}

/**
 * Shows the forbidden page only to a user it is true of: one who has the role its address names
 * goes to that page, one with a role and no role named goes to their landing page. Use it under
 * {@link authGuard}.
 */
export const forbiddenGuard: CanActivateFn = (route) => {
  const redirect = forbiddenPageRedirect(inject(Session).user()?.roles ?? [], route.queryParamMap.get('role'));
  return redirect === null || inject(Router).parseUrl(redirect);
};
