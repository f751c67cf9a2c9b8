import { Role } from './roles.ts';

/** The SPA's routes, as absolute paths. */
export const AppPath = {
  Home: '/',
  Chat: '/chat',
  Analytics: '/analytics',
  Forbidden: '/forbidden',
  SignIn: '/auth/sign-in',
  AuthCallback: '/auth/callback',
  SignInError: '/auth/error',
} as const;

export type AppPath = (typeof AppPath)[keyof typeof AppPath];

/**
 * The API's routes. Everything under `/api/` is the API; everything else is the SPA. The chat's
 * routes are `ChatApiPath`, in `chat.ts`.
 */
export const ApiPath = {
  Prefix: '/api/',
  Health: '/api/health',
  Ready: '/api/ready',
  Config: '/api/config',
  Me: '/api/me',
  AnalyticsSummary: '/api/analytics/summary',
} as const;

/**
 * The feature pages and the role each needs, in the order a user with several roles lands on them
 * after signing in. Their names are the SPA's, in each of its languages (`featurePageName`).
 */
export const FEATURE_PAGES: readonly { readonly path: AppPath; readonly role: Role }[] = [
  { path: AppPath.Chat, role: Role.Chat },
  { path: AppPath.Analytics, role: Role.Analytics },
];
