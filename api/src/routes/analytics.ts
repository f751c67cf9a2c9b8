import { ApiPath, Role } from '@app/contracts';
import { AnalyticsSummarySchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ERROR_RESPONSES } from '../http/error-handler.ts';
import type { AnalyticsStore } from '../storage/storage.ts';

export interface AnalyticsOptions {
  readonly store: AnalyticsStore;
}

/** The analytics API: role `analytics`. */
export const analyticsRoutes: FastifyPluginAsyncTypebox<AnalyticsOptions> = async (app, { store }) => {
  app.get(
    ApiPath.AnalyticsSummary,
    { config: { auth: { role: Role.Analytics } }, schema: { response: { 200: AnalyticsSummarySchema, ...ERROR_RESPONSES } } },
    async () => store.summary(),
  );
};
