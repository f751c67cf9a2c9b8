import { ApiPath } from '@app/contracts';
import { HealthSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ERROR_RESPONSES } from '../http/error-handler.ts';
import type { Storage } from '../storage/storage.ts';

export interface HealthOptions {
  readonly storage: Pick<Storage, 'checkReady'>;
}

/**
 * Liveness and readiness, both without auth, for a load balancer or an orchestrator:
 *
 * - `GET /api/health`: 200 while the process is alive and the app built (database open and
 *   migrated at start). It does not depend on the IdP, nor on the database staying up: restarting
 *   an instance does not bring a database back.
 * - `GET /api/ready`: 200 when the instance can serve: the database answers and, on PostgreSQL,
 *   live chat events reach it; else 503 `database_unavailable` with `Retry-After`, until it is back
 *   (the instance recovers by itself). Take an instance out of rotation on this one.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, { storage }) => {
  app.get(
    ApiPath.Health,
    { config: { auth: 'public' }, schema: { response: { 200: HealthSchema, ...ERROR_RESPONSES } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    ApiPath.Ready,
    { config: { auth: 'public' }, schema: { response: { 200: HealthSchema, ...ERROR_RESPONSES } } },
    async () => {
      await storage.checkReady();
      return { status: 'ok' as const };
    },
  );
};
