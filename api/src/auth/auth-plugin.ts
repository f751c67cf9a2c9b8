import type { Role } from '@app/contracts';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { readAuthorizationHeader, readBearerToken } from './bearer-token.ts';
import type { MisconfigurationLog } from './misconfiguration-log.ts';
import { requireRole } from './require-role.ts';
import type { Principal, VerifyAccessToken } from './verify-access-token.ts';

/**
 * What a route needs, declared on the route (`config: { auth: … }`):
 * - `'public'`: nothing;
 * - `'authenticated'`: any valid access token;
 * - `{ role }`: a valid access token granting that role.
 */
export type RouteAuth = 'public' | 'authenticated' | { readonly role: Role };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** Set by the auth hook on routes that need a token; null on public routes. */
    principal: Principal | null;
  }
}

/** A check of a request whose token was verified (a per-user rate limit): throws to refuse it. */
export type AfterAuthentication = (request: FastifyRequest) => Promise<void>;

export interface AuthPluginOptions {
  readonly verifyAccessToken: VerifyAccessToken;
  /** Where a refusal or a missing roles claim that a setting would fix is said. */
  readonly misconfigurations: MisconfigurationLog;
  /** Whether a route at this path must declare `config.auth` (the API's); the others are public unless they say. */
  readonly mustDeclareAuth: (path: string) => boolean;
  /**
   * Run, in order, on every request whose token was verified and grants the route's role, right
   * after the check and before anything else of the request: by construction, never before
   * authentication and never without it.
   */
  readonly afterAuthentication?: readonly AfterAuthentication[];
}

/**
 * Enforces each route's `config.auth` in `onRequest`, before the body is even read, so an
 * anonymous client cannot make us parse a payload (a broken or huge body without a token is a 401,
 * not a 400 or a 413).
 *
 * Every route `mustDeclareAuth` names (the API's, under `/api/`), wherever it is registered after
 * this plugin, must declare `auth`: a route that forgets stops the server from starting, rather
 * than being public. Other routes (the SPA's files and pages) are public unless they declare
 * otherwise. Once a token is verified, `afterAuthentication` runs (the per-user rate limit).
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { verifyAccessToken, misconfigurations, mustDeclareAuth, afterAuthentication = [] }) => {
    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      if (route.config?.auth === undefined && mustDeclareAuth(route.url)) {
        throw new Error(
          `Route ${String(route.method)} ${route.url} must declare config.auth ('public', 'authenticated' or { role })`,
        );
      }
    });

    app.addHook('onRequest', async (request) => {
      const auth = request.routeOptions.config.auth;
      if (auth === undefined || auth === 'public') return;
      const authorization = readAuthorizationHeader(request.raw.rawHeaders);
      const principal = await verifyAccessToken(readBearerToken(authorization)).catch((error: unknown) => {
        misconfigurations.tokenRefused(request.log, error);
        throw error;
      });
      if (principal.roles.length === 0) misconfigurations.rolesNotGranted(request.log, principal);
      if (auth !== 'authenticated') requireRole(principal, auth.role);
      request.principal = principal;
      for (const check of afterAuthentication) await check(request);
    });
  },
  { name: 'auth', fastify: '5.x' },
);

/** The verified caller of a route declared `authenticated` or `{ role }`. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) {
    throw new Error(`Route ${request.routeOptions.url ?? ''} reads the principal but does not declare auth`);
  }
  return request.principal;
}
