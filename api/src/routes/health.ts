import { ApiPath } from '@app/contracts';
import { HealthSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ERROR_RESPONSES } from '../http/error-handler.ts';

/**
 * `GET /api/health`: 200 once the app is ready (database open and migrated). It does not depend on
 * the IdP: an unreachable IdP shows as 503 on the routes that need its keys, not as a dead API.
 */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    ApiPath.Health,
    { config: { auth: 'public' }, schema: { response: { 200: HealthSchema, ...ERROR_RESPONSES } } },
    async () => ({ status: 'ok' as const }),
  );
};
