/**
 * The viewer's days and hours as UTC spans, which the database counts messages in.
 *
 * Why here and not in SQL: SQLite has no time zone database, and a fixed offset is wrong across a
 * DST change (Paris's last Sunday of March has 23 hours) and for zones whose offset is not whole
 * hours (Kolkata, +05:30: its local hours start at half past, UTC). Folding UTC hours into local
 * buckets would work for counts but not for distinct counts (active users per day). So the API
 * computes the exact UTC start of every local day and hour of the period with `Intl`, and the
 * database aggregates by range on an index of `created_at` (ISO 8601 UTC text: compared as text,
 * in time order).
 */
import type { AnalyticsRange } from '@app/contracts';
import type { TimeSpan } from '../storage/storage.ts';
import { addDays, daysInRange, isoWeekday, wallClockMs } from '@app/contracts';
import { firstInstantAtOrAfter, offsetSegments, type OffsetSegment } from './time-zone.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** No zone is more than 14 hours from UTC: two days of margin cover any offset. */
const MARGIN_MS = 2 * DAY_MS;

export interface DayBucket {
  readonly date: string;
  readonly span: TimeSpan;
}

/** One local hour of one day. Empty (start = end) for the hour skipped when clocks go forward. */
export interface HourBucket {
  readonly date: string;
  readonly weekday: number;
  readonly hour: number;
  readonly span: TimeSpan;
}

export interface AnalyticsBuckets {
  readonly current: TimeSpan;
  readonly previous: TimeSpan;
  /** Every day of the period, in order; their spans join end to start. */
  readonly days: readonly DayBucket[];
  /** Every hour of every day, in order; each day's 24 spans join up to make the day's span. */
  readonly hours: readonly HourBucket[];
}

/** The UTC spans of the period, its days and hours, and of the period before it. */
export function bucketsOf(range: AnalyticsRange): AnalyticsBuckets {
  const segments = offsetSegments(
    range.timeZone,
    wallClockMs(range.previousFrom) - MARGIN_MS,
    wallClockMs(addDays(range.to, 1)) + MARGIN_MS,
  );
  const instant = (date: string, hour = 0): string => new Date(firstInstantAtOrAfter(segments, wallClockMs(date, hour))).toISOString();
  const dates = Array.from({ length: daysInRange(range.from, range.to) }, (_, i) => addDays(range.from, i));
  return {
    current: { start: instant(range.from), end: instant(addDays(range.to, 1)) },
    previous: { start: instant(range.previousFrom), end: instant(range.from) },
    days: dates.map((date) => ({ date, span: { start: instant(date), end: instant(addDays(date, 1)) } })),
    hours: dates.flatMap((date) => hoursOf(date, segments)),
  };
}

function hoursOf(date: string, segments: readonly OffsetSegment[]): HourBucket[] {
  const weekday = isoWeekday(date);
  const at = (hour: number): string => new Date(firstInstantAtOrAfter(segments, wallClockMs(date, hour))).toISOString();
  return Array.from({ length: 24 }, (_, hour) => ({ date, weekday, hour, span: { start: at(hour), end: at(hour + 1) } }));
}
