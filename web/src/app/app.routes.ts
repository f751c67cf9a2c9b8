import type { Routes } from '@angular/router';
import { AppPath, Role } from '@app/contracts';
import { authGuard, signedOutGuard } from './auth/auth-guard';
import { Callback } from './auth/callback';
import { roleGuard } from './auth/role-guard';
import { SignIn } from './auth/sign-in';
import { SignInFailed } from './auth/sign-in-failed';
import { NotFound } from './not-found/not-found';
import { Welcome } from './welcome/welcome';

/** Angular route paths are the contract's paths without their leading slash. */
const route = (path: AppPath): string => path.slice(1);

export const routes: Routes = [
  { path: route(AppPath.Home), pathMatch: 'full', component: Welcome, canActivate: [signedOutGuard], title: 'Teamspace' },
  { path: route(AppPath.SignIn), component: SignIn, title: 'Signing in · Teamspace' },
  { path: route(AppPath.AuthCallback), component: Callback, title: 'Signing in · Teamspace' },
  { path: route(AppPath.SignInError), component: SignInFailed, title: 'Sign-in failed · Teamspace' },
  {
    path: '',
    canActivateChild: [authGuard],
    children: [
      {
        path: route(AppPath.Chat),
        canActivate: [roleGuard(Role.Chat)],
        loadComponent: () => import('./chat/chat').then((m) => m.Chat),
        title: 'Chat · Teamspace',
      },
      {
        path: route(AppPath.Analytics),
        canActivate: [roleGuard(Role.Analytics)],
        loadComponent: () => import('./analytics/analytics').then((m) => m.Analytics),
        title: 'Analytics · Teamspace',
      },
      {
        path: route(AppPath.Forbidden),
        loadComponent: () => import('./forbidden/forbidden').then((m) => m.Forbidden),
        title: 'No access · Teamspace',
      },
    ],
  },
  { path: '**', component: NotFound, title: 'Not found · Teamspace' },
];
