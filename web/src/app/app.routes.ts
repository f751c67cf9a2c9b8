import type { Routes } from '@angular/router';
import { AppPath, Role } from '@app/contracts';
import { authGuard, signedOutGuard } from './auth/auth-guard';
import { Callback } from './auth/callback';
import { forbiddenGuard, roleGuard } from './auth/role-guard';
import { SignIn } from './auth/sign-in';
import { loadSignInFailedPage } from './auth/sign-in-problem-words';
import { SignInFailedFallback } from './auth/sign-in-failed-fallback';
import { NotFound } from './not-found/not-found';
import { Welcome } from './welcome/welcome';

/** Angular route paths are the contract's paths without their leading slash. */
const route = (path: AppPath): string => path.slice(1);

/**
 * Document titles are functions, so `$localize` runs once the translations are loaded (main.ts), never
 * when this module is read.
 */
const titles = {
  home: () => $localize`:document title:Teamspace`,
  signingIn: () => $localize`:document title:Signing in · Teamspace`,
  signInFailed: () => $localize`:document title:Sign-in failed · Teamspace`,
  chat: () => $localize`:document title:Chat · Teamspace`,
  analytics: () => $localize`:document title:Analytics · Teamspace`,
  forbidden: () => $localize`:document title:No access · Teamspace`,
  notFound: () => $localize`:document title:Not found · Teamspace`,
};

export const routes: Routes = [
  { path: route(AppPath.Home), pathMatch: 'full', component: Welcome, canActivate: [signedOutGuard], title: titles.home },
  { path: route(AppPath.SignIn), component: SignIn, title: titles.signingIn },
  { path: route(AppPath.AuthCallback), component: Callback, title: titles.signingIn },
  {
    path: route(AppPath.SignInError),
    // Preloaded at start (sign-in-problem-words.ts); if it still cannot be fetched, the problem in fewer words.
    loadComponent: () => loadSignInFailedPage().catch(() => SignInFailedFallback),
    title: titles.signInFailed,
  },
  {
    path: '',
    canActivateChild: [authGuard],
    children: [
      {
        path: route(AppPath.Chat),
        canActivate: [roleGuard(Role.Chat)],
        loadComponent: () => import('./chat/chat').then((m) => m.Chat),
        title: titles.chat,
      },
      {
        path: route(AppPath.Analytics),
        canActivate: [roleGuard(Role.Analytics)],
        loadComponent: () => import('./analytics/analytics').then((m) => m.Analytics),
        title: titles.analytics,
      },
      {
        path: route(AppPath.Forbidden),
        canActivate: [forbiddenGuard],
        loadComponent: () => import('./forbidden/forbidden').then((m) => m.Forbidden),
        title: titles.forbidden,
      },
    ],
  },
  { path: '**', component: NotFound, title: titles.notFound },
];
