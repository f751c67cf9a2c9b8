/**
 * The analytics query, checked: which days (a preset or custom dates), in which time zone, for
 * which room. Every rule has its own message, naming the parameter, so a 400 says what to change.
 */
import {
  ANALYTICS_PERIODS,
  AnalyticsLimits,
  isAnalyticsPeriod,
  PERIOD_DAYS,
  type AnalyticsQuery,
  type AnalyticsRange,
} from '@app/contracts';
import { InvalidAnalyticsQueryError } from './analytics-errors.ts';
import { addDays, daysInRange, isCalendarDate } from './calendar-date.ts';
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
function presetDates(period: string, today: string): { from: string; to: string } {
  if (!isAnalyticsPeriod(period)) {
    throw new InvalidAnalyticsQueryError(`period must be one of ${ANALYTICS_PERIODS.join(', ')}, or give from and to instead`);
  }
  return { from: addDays(today, 1 - PERIOD_DAYS[period]), to: today };
}

function customDates(query: AnalyticsQuery, today: string, timeZone: string): { from: string; to: string } {
  if (query.period !== undefined) {
    throw new InvalidAnalyticsQueryError('Give either a period or from and to, not both');
  }
  if (query.from === undefined || query.to === undefined) {
    throw new InvalidAnalyticsQueryError('from and to go together: give both dates (YYYY-MM-DD), or a period');
  }
  const from = parseDate('from', query.from);
  const to = parseDate('to', query.to);
  if (from > to) throw new InvalidAnalyticsQueryError(`from (${from}) must not be after to (${to})`);
  if (from < AnalyticsLimits.earliestDate) {
    throw new InvalidAnalyticsQueryError(`from must be ${AnalyticsLimits.earliestDate} or later`);
  }
  if (to > today) {
    throw new InvalidAnalyticsQueryError(`to must not be after today (${today} in ${timeZone})`);
  }
  const days = daysInRange(from, to);
  if (days > AnalyticsLimits.maxRangeDays) {
    throw new InvalidAnalyticsQueryError(
      `A period covers at most ${AnalyticsLimits.maxRangeDays} days; from ${from} to ${to} is ${days} days`,
    );
  }
  return { from, to };
}

function parseDate(name: 'from' | 'to', value: string): string {
  if (!isCalendarDate(value)) {
    throw new InvalidAnalyticsQueryError(`${name} must be a date that exists, written YYYY-MM-DD (such as 2026-03-29)`);
  }
  return value;
}

function parseRoomId(room: string | undefined): string | undefined {
  if (room === undefined) return undefined;
  if (!ROOM_ID.test(room)) throw new InvalidAnalyticsQueryError('room must be a room id from GET /api/analytics/rooms');
  return room;
}
