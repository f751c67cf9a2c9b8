import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AppPath } from '@app/contracts';
import { landingPath } from './landing';
import { Session } from './session';

/** Lets signed-in users through; sends everyone else to sign in, remembering where they were going. */
export const authGuard: CanActivateFn = (_route, state) =>
  inject(Session).isSignedIn() || inject(Router).createUrlTree([AppPath.SignIn], { queryParams: { returnUrl: state.url } });

/** The home page is for signed-out visitors: a signed-in user goes straight to their first page. */
export const signedOutGuard: CanActivateFn = () => {
  const user = inject(Session).user();
  return user === null || inject(Router).parseUrl(landingPath(user.roles, null));
};
