import { ANALYTICS_FIGURES, AnalyticsApiPath, AnalyticsFigure, CSV_MEDIA_TYPE, Role, type AnalyticsRoom } from '@app/contracts';
import { AnalyticsQuerySchema, AnalyticsRoomListSchema, AnalyticsSummarySchema, type AnalyticsQuery } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { InvalidAnalyticsQueryError } from '../analytics/analytics-errors.ts';
import { parseAnalyticsQuery } from '../analytics/analytics-query.ts';
import { figureCsv } from '../analytics/figure-csv.ts';
import { createAnalyticsThread } from '../analytics/analytics-thread.ts';
import { createSummaryService } from '../analytics/summary-service.ts';
import type { AnalyticsLimitsConfig, DatabaseConfig } from '../config.ts';
import { principalOf } from '../auth/auth-plugin.ts';
import { ERROR_RESPONSES } from '../http/error-handler.ts';
import { withValidationMessages } from '../http/validation-messages.ts';
import type { AnalyticsStore } from '../storage/storage.ts';

export interface AnalyticsOptions {
  readonly store: AnalyticsStore;
  /** The database, which the analytics thread opens a connection of its own to. */
  readonly database: DatabaseConfig;
  /** `ANALYTICS_TIME_BUDGET_MS`, `ANALYTICS_CONCURRENT_PER_USER`. */
  readonly limits: AnalyticsLimitsConfig;
}

/** What every analytics route declares: role `analytics` (RFC 6750 403 `insufficient_scope` without it). */
const ANALYTICS_ROLE = { auth: { role: Role.Analytics } } as const;

const ONE_VALUE = 'is given more than once; give it once';
const QUERY_MESSAGES = {
  'querystring/period': `period ${ONE_VALUE}`,
  'querystring/from': `from ${ONE_VALUE}`,
  'querystring/to': `to ${ONE_VALUE}`,
  'querystring/room': `room ${ONE_VALUE}`,
  'querystring/tz': `tz ${ONE_VALUE}`,
  'querystring/*': 'The analytics figures take period, from, to, room and tz only',
  'params/figure': `The figure must be one of ${ANALYTICS_FIGURES.join(', ')}`,
};

const FigureParamsSchema = Type.Object({
  figure: Type.Union(ANALYTICS_FIGURES.map((figure) => Type.Literal(figure))),
});

/**
 * The analytics API, role `analytics` on every route: the dashboard's figures as JSON, each figure
 * as CSV, and the rooms to filter by. The figures are worked out from the chat's data (live
 * messages only) on the analytics thread, within the time budget, and kept for a few seconds
 * (summary-service.ts).
 */
export const analyticsRoutes: FastifyPluginAsyncTypebox<AnalyticsOptions> = async (app, { store, database, limits }) => {
  const schemaErrorFormatter = withValidationMessages(QUERY_MESSAGES);
  const thread = createAnalyticsThread({ database, budgetMs: limits.timeBudgetMs, inProcess: store });
  app.addHook('onClose', () => thread.close());
  const summaries = createSummaryService(thread, { concurrentPerUser: limits.concurrentPerUser });

  /** The query's figures; its room, when it names one, must exist. */
  const figuresFor = async (request: FastifyRequest, query: AnalyticsQuery) => {
    const selection = parseAnalyticsQuery(query, Date.now());
    const room = selection.roomId === undefined ? null : await findRoom(store, selection.roomId);
    return summaries.figures(principalOf(request).sub, selection, room);
  };

  app.get(
    AnalyticsApiPath.Summary,
    {
      config: ANALYTICS_ROLE,
      schema: { querystring: AnalyticsQuerySchema, response: { 200: AnalyticsSummarySchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter,
    },
    async (request) => figuresFor(request, request.query),
  );

  app.get(
    AnalyticsApiPath.Rooms,
    { config: ANALYTICS_ROLE, schema: { response: { 200: AnalyticsRoomListSchema, ...ERROR_RESPONSES } } },
    async () => ({ rooms: await store.listAnalyticsRooms() }),
  );

  app.get(
    AnalyticsApiPath.Export,
    {
      config: ANALYTICS_ROLE,
      schema: {
        params: FigureParamsSchema,
        querystring: AnalyticsQuerySchema,
        // Sent as text/csv: Fastify serialises JSON answers only, so the CSV goes out as written.
        response: { 200: Type.String({ description: CSV_MEDIA_TYPE }), ...ERROR_RESPONSES },
      },
      schemaErrorFormatter,
    },
    async (request, reply) => {
      const csv = figureCsv(await figuresFor(request, request.query), request.params.figure as AnalyticsFigure);
      return reply
        .type(CSV_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${csv.fileName}"`)
        .send(csv.body);
    },
  );
};

async function findRoom(store: AnalyticsStore, roomId: string): Promise<AnalyticsRoom> {
  const room = await store.findAnalyticsRoom(roomId);
  if (room === undefined) throw new InvalidAnalyticsQueryError('room: there is no such room');
  return room;
}
