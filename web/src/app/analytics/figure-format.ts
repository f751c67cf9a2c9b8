/** How the dashboard writes its numbers, changes and dates. */
import type { AnalyticsRange, AnalyticsTotal } from '@app/contracts';

const LOCALE = 'en-GB';
const counts = new Intl.NumberFormat(LOCALE);
const percents = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const dayMonth = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const weekdayDayMonth = new Intl.DateTimeFormat(LOCALE, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

export function formatCount(value: number): string {
  return counts.format(value);
}

export type Trend = 'up' | 'down' | 'flat' | 'new';

export interface ChangeText {
  readonly trend: Trend;
  /** Short, for the figure: `+25 %`, `−10 %`, `no change`, `new`. */
  readonly short: string;
  /** A sentence for screen readers and the tooltip. */
  readonly long: string;
}

/** A total's change against the previous period, in words. */
export function describeChange({ current, previous, change }: AnalyticsTotal): ChangeText {
  const before = `${formatCount(previous)} in the previous period`;
  if (change === null) {
    return current === 0
      ? { trend: 'flat', short: 'no change', long: 'None in this period or the previous one' }
      : { trend: 'new', short: 'new', long: `None in the previous period` };
  }
  const percent = Math.round(change * 1000) / 10;
  if (percent === 0) return { trend: 'flat', short: 'no change', long: `The same as the previous period (${formatCount(previous)})` };
  const sign = percent > 0 ? '+' : '\u2212';
  const short = `${sign}${percents.format(Math.abs(percent))} %`;
  return { trend: percent > 0 ? 'up' : 'down', short, long: `${short} against ${before}` };
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** `2026-11-03` → `3 Nov`. */
export function formatDay(date: string): string {
  return dayMonth.format(utcDate(date));
}

/** `2026-11-03` → `Tue 3 Nov`. */
export function formatWeekday(date: string): string {
  return weekdayDayMonth.format(utcDate(date));
}

/** `25 Oct – 23 Nov 2026`, or one day as `23 Nov 2026`. */
export function formatRange({ from, to }: Pick<AnalyticsRange, 'from' | 'to'>): string {
  if (from === to) return dayMonthYear.format(utcDate(to));
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${sameYear ? dayMonth.format(utcDate(from)) : dayMonthYear.format(utcDate(from))} – ${dayMonthYear.format(utcDate(to))}`;
}

/** `9` → `09:00`. */
export function formatHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
