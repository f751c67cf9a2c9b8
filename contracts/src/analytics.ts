/**
 * The analytics dashboard's periods, limits, figures and paths: plain values the SPA, the API and
 * the tests share. The payload schemas are in `analytics-schemas.ts` (API side; the SPA imports
 * only their types). Every route needs the `analytics` role.
 */
import { ApiPath } from './paths.ts';

/** The preset periods: the last 7, 30 or 90 days in the viewer's time zone, today included. */
export const AnalyticsPeriod = {
  Last7Days: '7d',
  Last30Days: '30d',
  Last90Days: '90d',
} as const;

export type AnalyticsPeriod = (typeof AnalyticsPeriod)[keyof typeof AnalyticsPeriod];

export const ANALYTICS_PERIODS: readonly AnalyticsPeriod[] = /* @__PURE__ */ Object.values(AnalyticsPeriod);

/** How many days each preset covers. */
export const PERIOD_DAYS: Readonly<Record<AnalyticsPeriod, number>> = { '7d': 7, '30d': 30, '90d': 90 };

export function isAnalyticsPeriod(value: unknown): value is AnalyticsPeriod {
  return typeof value === 'string' && (ANALYTICS_PERIODS as readonly string[]).includes(value);
}

/** Limits a person meets in the UI and in the API's 400 messages. */
export const AnalyticsLimits = {
  /** The period asked for when the query names none. */
  defaultPeriod: AnalyticsPeriod.Last30Days,
  /** A custom period (`from` to `to`, both included) covers at most this many days. */
  maxRangeDays: 366,
  /** Custom dates start no earlier than this (and never after today in the viewer's time zone). */
  earliestDate: '2000-01-01',
  /** Rows of the most-active-contributors table. */
  topContributors: 10,
  /** Bars of the messages-per-room chart (the busiest rooms). */
  roomsShown: 20,
  /** The time zone used when the query names none. */
  defaultTimeZone: 'UTC',
} as const;

/** A calendar date as the API reads and writes it: `YYYY-MM-DD`. */
export const CALENDAR_DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/**
 * The figures of the dashboard, each downloadable as CSV from {@link AnalyticsApiPath.Export}.
 * The values are the `:figure` of that path and the base of the file name.
 */
export const AnalyticsFigure = {
  Totals: 'totals',
  MessagesPerDay: 'messages-per-day',
  ActiveUsersPerDay: 'active-users-per-day',
  MessagesPerRoom: 'messages-per-room',
  BusiestHours: 'busiest-hours',
  TopContributors: 'top-contributors',
} as const;

export type AnalyticsFigure = (typeof AnalyticsFigure)[keyof typeof AnalyticsFigure];

export const ANALYTICS_FIGURES: readonly AnalyticsFigure[] = /* @__PURE__ */ Object.values(AnalyticsFigure);

/**
 * The analytics API's routes. Each takes the same query (see `AnalyticsQuerySchema`):
 * `period=7d|30d|90d`, or `from=YYYY-MM-DD&to=YYYY-MM-DD`; optional `room=<room id>`; `tz=<IANA
 * time zone>` (the viewer's, so days and hours are theirs). Bad values: 400 `invalid_request`.
 */
export const AnalyticsApiPath = {
  /** GET: every figure of the dashboard as JSON (`AnalyticsSummary`). */
  Summary: ApiPath.AnalyticsSummary,
  /** GET: the rooms the room filter offers (`AnalyticsRoomList`), by name; takes no query. */
  Rooms: '/api/analytics/rooms',
  /**
   * GET: one figure as CSV (RFC 4180, UTF-8, header row, CRLF), as an attachment. `:figure` is an
   * {@link AnalyticsFigure}.
   */
  Export: '/api/analytics/export/:figure',
} as const;

export type AnalyticsApiPath = (typeof AnalyticsApiPath)[keyof typeof AnalyticsApiPath];

/** `analyticsExportPath('totals')` → `/api/analytics/export/totals`. */
export function analyticsExportPath(figure: AnalyticsFigure): string {
  return AnalyticsApiPath.Export.replace(':figure', encodeURIComponent(figure));
}

/** The media type of the CSV exports (RFC 4180 §3, RFC 7111). */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';

/** ISO 8601 weekdays, as the busiest-hours figure numbers them: 1 is Monday, 7 is Sunday. */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
