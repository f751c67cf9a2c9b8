/**
 * The analytics query, checked: which days (a preset or custom dates), in which time zone, for
 * which room. Every rule has its own message, naming the parameter, so a 400 says what to change.
 */
import {
  addDays,
  ANALYTICS_PERIODS,
  AnalyticsLimits,
  customRangeProblem,
  daysInRange,
  isAnalyticsPeriod,
  presetRange,
  type AnalyticsQuery,
  type AnalyticsRange,
  type CustomRangeProblem,
  type DateRange,
} from '@app/contracts';
import { InvalidAnalyticsQueryError } from './analytics-errors.ts';
import { DEFAULT_TIME_ZONE, localDateOf, resolveTimeZone } from './time-zone.ts';

/** Room ids are the chat's (UUIDs, or `demo-…` for demo data). */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What the figures are asked for. `roomId` is id-shaped, not yet known to exist. */
export interface AnalyticsSelection {
  readonly range: AnalyticsRange;
  readonly roomId: string | undefined;
}

/**
 * Checks the query and works out its period, "today" being today in the viewer's time zone.
 * @throws {InvalidAnalyticsQueryError}
 */
export function parseAnalyticsQuery(query: AnalyticsQuery, nowMs: number): AnalyticsSelection {
  const timeZone = parseTimeZone(query.tz);
  const today = localDateOf(timeZone, nowMs);
  const { from, to } = query.from === undefined && query.to === undefined
    ? presetDates(query.period ?? AnalyticsLimits.defaultPeriod, today)
    : customDates(query, today, timeZone);
  const days = daysInRange(from, to);
  return {
    range: { from, to, days, timeZone, previousFrom: addDays(from, -days), previousTo: addDays(from, -1) },
    roomId: parseRoomId(query.room),
  };
}

function parseTimeZone(tz: string | undefined): string {
  if (tz === undefined) return DEFAULT_TIME_ZONE;
  const timeZone = resolveTimeZone(tz);
  if (timeZone === undefined) {
    throw new InvalidAnalyticsQueryError('tz must be an IANA time zone name such as Europe/Paris or America/New_York');
  }
  return timeZone;
}

/** The last `n` days up to today, today included. */
function presetDates(period: string, today: string): DateRange {
  if (!isAnalyticsPeriod(period)) {
    throw new InvalidAnalyticsQueryError(`period must be one of ${ANALYTICS_PERIODS.join(', ')}, or give from and to instead`);
  }
  return presetRange(period, today);
}

function customDates(query: AnalyticsQuery, today: string, timeZone: string): DateRange {
  if (query.period !== undefined) {
    throw new InvalidAnalyticsQueryError('Give either a period or from and to, not both');
  }
  if (query.from === undefined || query.to === undefined) {
    throw new InvalidAnalyticsQueryError('from and to go together: give both dates (YYYY-MM-DD), or a period');
  }
  const { from, to } = query;
  const problem = customRangeProblem(from, to, today);
  if (problem !== null) throw new InvalidAnalyticsQueryError(describeRangeProblem(problem, { from, to, today, timeZone }));
  return { from, to };
}

/** The contracts' range rules, in the API's words: each names the parameter to change. */
function describeRangeProblem(problem: CustomRangeProblem, { from, to, today, timeZone }: DateRange & { today: string; timeZone: string }): string {
  switch (problem.rule) {
    case 'not-a-date':
      return `${problem.field} must be a date that exists, written YYYY-MM-DD (such as 2026-03-29)`;
    case 'reversed':
      return `from (${from}) must not be after to (${to})`;
    case 'too-early':
      return `from must be ${AnalyticsLimits.earliestDate} or later`;
    case 'in-the-future':
      return `to must not be after today (${today} in ${timeZone})`;
    case 'too-long':
      return `A period covers at most ${AnalyticsLimits.maxRangeDays} days; from ${from} to ${to} is ${problem.days} days`;
  }
}

function parseRoomId(room: string | undefined): string | undefined {
  if (room === undefined) return undefined;
  if (!ROOM_ID.test(room)) throw new InvalidAnalyticsQueryError('room must be a room id from GET /api/analytics/rooms');
  return room;
}
