import type { DpopMode, Role } from '@app/contracts';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { readAuthorizationHeader, readCredentials, readDpopHeaders } from './authorization-header.ts';
import type { AuthScheme, ChallengeScope } from './challenge.ts';
import { challengeScope, schemesRead, type CheckSenderConstraint } from './dpop/sender-constraint.ts';
import { AuthError } from './errors.ts';
import type { MisconfigurationLog } from './misconfiguration-log.ts';
import { createTurnBatch } from './turn-batch.ts';
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
    /**
     * What a later refusal of this request offers in its challenge (the schemes `OIDC_DPOP`
     * accepts, the one used), once the auth hook read its credentials; null before.
     */
    authChallenge: ChallengeScope | null;
  }
}

/** A check of a request whose token was verified (a per-user rate limit): throws to refuse it. */
export type AfterAuthentication = (request: FastifyRequest) => Promise<void>;

export interface AuthPluginOptions {
  readonly verifyAccessToken: VerifyAccessToken;
  /** `OIDC_DPOP`: which schemes are read and offered. */
  readonly dpop: DpopMode;
  /** The scheme, `OIDC_DPOP` and the DPoP proof, once the token verified (dpop/sender-constraint.ts). */
  readonly checkSenderConstraint: CheckSenderConstraint;
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
 * otherwise. The token comes as `Bearer` or, DPoP-bound, as `DPoP` with its proof (RFC 9449 §7):
 * the token is verified first, then the way it was sent. A refusal offers the schemes `OIDC_DPOP`
 * accepts. Once a token is verified, `afterAuthentication` runs (the per-user rate limit).
 *
 * Each token check starts at the end of the turn of the event loop that read its request, with
 * those of the other requests read in that turn (`turn-batch.ts`): under load, the checks, and
 * then each later step of those requests, run back to back, which on this machine cuts the API's
 * CPU time per authenticated request by a quarter to a third (ARCHITECTURE.md, "Speed").
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { verifyAccessToken, dpop, checkSenderConstraint, misconfigurations, mustDeclareAuth, afterAuthentication = [] }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('authChallenge', null);

    app.addHook('onRoute', (route) => {
      if (route.config?.auth === undefined && mustDeclareAuth(route.url)) {
        throw new Error(
          `Route ${String(route.method)} ${route.url} must declare config.auth ('public', 'authenticated' or { role })`,
        );
      }
    });

    // What `OIDC_DPOP` reads and offers does not change: worked out once, not on every request.
    const schemes = schemesRead(dpop);
    const scopes = { none: challengeScope(dpop, undefined), Bearer: challengeScope(dpop, 'Bearer'), DPoP: challengeScope(dpop, 'DPoP') };
    // The token checks of the requests one turn of the event loop read run together at its end.
    const inTurnBatch = createTurnBatch();

    app.addHook('onRequest', async (request) => {
      const auth = request.routeOptions.config.auth;
      if (auth === undefined || auth === 'public') return;
      let used: AuthScheme | undefined;
      try {
        const { rawHeaders } = request.raw;
        const credentials = readCredentials(readAuthorizationHeader(rawHeaders), schemes);
        used = credentials.scheme;
        const principal = await inTurnBatch(() => verifyAccessToken(credentials.token));
        const proven = checkSenderConstraint({
          credentials,
          boundTo: principal.dpopJkt,
          // Only a bound token's proof is ever read.
          proofs: principal.dpopJkt === undefined ? [] : readDpopHeaders(rawHeaders),
          method: request.method,
          target: request.url,
        });
        if (proven !== undefined) await proven;
        if (principal.roles.length === 0) misconfigurations.rolesNotGranted(request.log, principal);
        request.authChallenge = scopes[used];
        if (auth !== 'authenticated') requireRole(principal, auth.role);
        request.principal = principal;
      } catch (error) {
        misconfigurations.tokenRefused(request.log, error);
        throw error instanceof AuthError ? error.within(scopes[used ?? 'none']) : error;
      }
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
