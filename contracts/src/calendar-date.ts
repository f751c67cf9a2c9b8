/**
 * Calendar dates (`YYYY-MM-DD`) without a time zone: the days a viewer sees. Arithmetic runs on
 * the proleptic Gregorian calendar through `Date.UTC`, where every day has 24 hours. Shared by the
 * API (the analytics query, its buckets) and the SPA (the period picker).
 */
import { CALENDAR_DATE_PATTERN } from './analytics.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const PATTERN = new RegExp(CALENDAR_DATE_PATTERN);

/** Whether `value` is a `YYYY-MM-DD` date that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Midnight UTC of the date, as the count of days since 1970-01-01 times a day. */
function utcMidnight(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/** `addDays('2026-03-31', 1)` → `2026-04-01`. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included: `daysInRange('2026-01-01', '2026-01-07')` → 7. */
export function daysInRange(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS) + 1;
}

/** ISO 8601 weekday: 1 is Monday, 7 is Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The wall-clock time `hour`:00 of `date`, as if it were UTC (milliseconds): see the API's `time-zone.ts`. */
export function wallClockMs(date: string, hour = 0): number {
  return utcMidnight(date) + hour * 60 * 60 * 1000;
}
