/**
 * The analytics API's payloads as JSON Schemas (role `analytics`). The figures count live chat
 * messages only: a deleted message counts nowhere, and neither does its author for it.
 */
import { Type, type Static } from 'typebox';
import { CALENDAR_DATE_PATTERN } from './analytics.ts';

const CalendarDate = Type.String({ pattern: CALENDAR_DATE_PATTERN });
const Count = Type.Integer({ minimum: 0 });

/**
 * The query every analytics figure takes. Its rules (a preset or both dates, dates that exist, a
 * period within the maximum, a known time zone and room) need more than a schema, so the API checks
 * them itself and answers 400 `invalid_request` with a message that names the parameter.
 */
export const AnalyticsQuerySchema = Type.Object(
  {
    /** `7d`, `30d` or `90d`: the last days up to today, today included. Not with `from`/`to`. */
    period: Type.Optional(Type.String()),
    /** The first day of a custom period (`YYYY-MM-DD`, in `tz`), with `to`. */
    from: Type.Optional(Type.String()),
    /** The last day of a custom period, included. */
    to: Type.Optional(Type.String()),
    /** Only this room's messages (an id from `GET /api/analytics/rooms`). */
    room: Type.Optional(Type.String()),
    /** The viewer's IANA time zone (`Europe/Paris`): days and hours are counted in it. */
    tz: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type AnalyticsQuery = Static<typeof AnalyticsQuerySchema>;

/** The period the figures cover, as the API understood the query. */
export const AnalyticsRangeSchema = Type.Object({
  from: CalendarDate,
  to: CalendarDate,
  days: Type.Integer({ minimum: 1 }),
  timeZone: Type.String(),
  /** The period of the same length just before, which the totals compare with. */
  previousFrom: CalendarDate,
  previousTo: CalendarDate,
});
export type AnalyticsRange = Static<typeof AnalyticsRangeSchema>;

export const AnalyticsRoomSchema = Type.Object({ id: Type.String(), name: Type.String() });
export type AnalyticsRoom = Static<typeof AnalyticsRoomSchema>;

/** `GET /api/analytics/rooms`: every room, by name, for the room filter. */
export const AnalyticsRoomListSchema = Type.Object({ rooms: Type.Array(AnalyticsRoomSchema) });
export type AnalyticsRoomList = Static<typeof AnalyticsRoomListSchema>;

/**
 * A headline figure for the period and the one before. `change` is `(current - previous) /
 * previous` (0.25 is 25 % more); null when the previous period had none.
 */
export const AnalyticsTotalSchema = Type.Object({
  current: Count,
  previous: Count,
  change: Type.Union([Type.Number(), Type.Null()]),
});
export type AnalyticsTotal = Static<typeof AnalyticsTotalSchema>;

export const AnalyticsTotalsSchema = Type.Object({
  messages: AnalyticsTotalSchema,
  /** People who wrote at least one (live) message. */
  activeUsers: AnalyticsTotalSchema,
  /** Rooms with at least one (live) message. */
  rooms: AnalyticsTotalSchema,
});
export type AnalyticsTotals = Static<typeof AnalyticsTotalsSchema>;

/** One entry per day of the period, days without messages included, oldest first. */
export const MessagesPerDaySchema = Type.Array(Type.Object({ date: CalendarDate, messages: Count }));
export const ActiveUsersPerDaySchema = Type.Array(Type.Object({ date: CalendarDate, activeUsers: Count }));

/** The busiest rooms first (at most `AnalyticsLimits.roomsShown`); rooms without messages are left out. */
export const MessagesPerRoomSchema = Type.Array(Type.Object({ roomId: Type.String(), name: Type.String(), messages: Count }));

/**
 * All 168 cells of the week, Monday 00:00 first: `weekday` 1 (Monday) to 7 (Sunday), `hour` 0 to 23,
 * in the viewer's time zone. On the day clocks go back, the repeated hour counts once, doubled up.
 */
export const BusiestHoursSchema = Type.Array(
  Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), hour: Type.Integer({ minimum: 0, maximum: 23 }), messages: Count }),
);

/** The most active authors (at most `AnalyticsLimits.topContributors`), most messages first. */
export const TopContributorsSchema = Type.Array(
  Type.Object({
    sub: Type.String(),
    /** The name on their latest message of the period. */
    name: Type.String(),
    messages: Count,
    /** How many rooms they wrote in. */
    rooms: Count,
  }),
);

/** `GET /api/analytics/summary`: every figure of the dashboard for one period (and room). */
export const AnalyticsSummarySchema = Type.Object({
  range: AnalyticsRangeSchema,
  /** The room the figures are limited to; null for every room. */
  room: Type.Union([AnalyticsRoomSchema, Type.Null()]),
  totals: AnalyticsTotalsSchema,
  messagesPerDay: MessagesPerDaySchema,
  activeUsersPerDay: ActiveUsersPerDaySchema,
  messagesPerRoom: MessagesPerRoomSchema,
  busiestHours: BusiestHoursSchema,
  topContributors: TopContributorsSchema,
});
export type AnalyticsSummary = Static<typeof AnalyticsSummarySchema>;
