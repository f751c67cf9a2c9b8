/**
 * Wall-clock time in an IANA time zone, from `Intl` alone: SQLite has no time zone database, so
 * the API turns the viewer's local days and hours into UTC instants here, and the database counts
 * messages between those instants (see `buckets.ts`).
 *
 * A zone's UTC offset is constant between transitions (DST, or a change of law); over a period
 * of days there are few. {@link offsetSegments} finds them by sampling `Intl` every few hours and
 * bisecting each change to the millisecond; {@link firstInstantAtOrAfter} then maps a wall-clock
 * time to the first UTC instant that shows it, which handles the hour that does not exist when
 * clocks go forward (it maps to the transition) and the hour that happens twice when they go back
 * (it maps to the first time).
 */
import { AnalyticsLimits } from '@app/contracts';

/** Longest IANA name is about 30 characters; anything much longer is not one. */
const MAX_TIME_ZONE_LENGTH = 64;
/** Area/Location names and the few bare ones (UTC, GMT, Etc/GMT+5…); never an offset like +05:30. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
/** No zone has two transitions within this step (the closest are months apart). */
const SAMPLE_STEP_MS = 6 * 60 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An IANA time zone's name as `Intl` spells it (`europe/paris` → `Europe/Paris`; aliases such as
 * `Asia/Calcutta` are accepted), or undefined when `Intl` does not know it. Offsets (`+05:30`) are refused: they have no daylight saving time, so a
 * viewer's days would be wrong half the year.
 */
export function resolveTimeZone(name: string): string | undefined {
  if (name.length > MAX_TIME_ZONE_LENGTH || !TIME_ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const DEFAULT_TIME_ZONE: string = AnalyticsLimits.defaultTimeZone;

/** The wall-clock fields `Intl` shows for an instant in a zone. */
function wallClockParts(timeZone: string, instantMs: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(instantMs)) {
    if (type !== 'literal') parts[type] = Number(value);
  }
  return parts;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds (Paris in summer: 7,200,000). */
export function offsetAt(timeZone: string, instantMs: number): number {
  const p = wallClockParts(timeZone, instantMs);
  const wall = Date.UTC(p['year'] ?? 1970, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** The calendar date (`YYYY-MM-DD`) an instant falls on in a zone. */
export function localDateOf(timeZone: string, instantMs: number): string {
  return new Date(instantMs + offsetAt(timeZone, instantMs)).toISOString().slice(0, 10);
}

/** A stretch of time (`from` included, `to` not) during which a zone keeps one offset. */
export interface OffsetSegment {
  readonly from: number;
  readonly to: number;
  readonly offsetMs: number;
}

/** The zone's offsets between two instants, in order, covering them without gaps. */
export function offsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = fromMs;
  let offset = offsetAt(timeZone, fromMs);
  let sample = fromMs;
  while (sample < toMs) {
    const next = Math.min(sample + SAMPLE_STEP_MS, toMs);
    if (offsetAt(timeZone, next) === offset) {
      sample = next;
      continue;
    }
    const change = firstChange(timeZone, sample, next, offset);
    segments.push({ from: start, to: change, offsetMs: offset });
    start = change;
    offset = offsetAt(timeZone, change);
    sample = change;
  }
  segments.push({ from: start, to: toMs, offsetMs: offset });
  return segments;
}

/** Bisects `(before, after]` for the first instant whose offset is no longer `offset`. */
function firstChange(timeZone: string, before: number, after: number, offset: number): number {
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(timeZone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The first instant at which the zone's wall clock shows `wallMs` or later (`wallMs`: the wall time
 * written as if it were UTC, see `wallClockMs`). Within one segment the wall clock runs with UTC;
 * between segments it jumps forward (a skipped wall time maps to the jump) or back (a repeated wall
 * time maps to its first occurrence).
 */
export function firstInstantAtOrAfter(segments: readonly OffsetSegment[], wallMs: number): number {
  for (const { from, to, offsetMs } of segments) {
    if (wallMs <= from + offsetMs) return from;
    if (wallMs < to + offsetMs) return wallMs - offsetMs;
  }
  return segments.at(-1)?.to ?? wallMs;
}
