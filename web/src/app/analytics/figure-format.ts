/**
 * How the dashboard writes its numbers, changes, dates and hours: with `Intl`, in the page's locale
 * (`12 345`, `+18,3 %`, `5 déc.` in French; `12,345`, `+18.3%`, `5 Dec` in English). The API's
 * dates are calendar days of the viewer's time zone, so they are written as UTC days.
 */
import type { AnalyticsRange, AnalyticsTotal } from '@app/contracts';
import { perLocale } from '../locale/app-locale';
import { formatCount } from '../locale/number-format';

export { formatCount };

const percents = perLocale((locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
const dayMonth = perLocale((locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }));
const dayMonthYear = perLocale((locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
const weekdayDayMonth = perLocale((locale) => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }));
const hours = perLocale((locale) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }));
const weekdaysLong = perLocale((locale) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }));
const weekdaysShort = perLocale((locale) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }));

export type Trend = 'up' | 'down' | 'flat' | 'new';

export interface ChangeText {
  readonly trend: Trend;
  /** Short, for the figure: `+25%`, `−10%`, `no change`, `new`. */
  readonly short: string;
  /** A sentence for screen readers and the tooltip. */
  readonly long: string;
}

/** A share (0.183) as a percentage: `18.3%`, `18,3 %`. */
export function formatPercent(share: number): string {
  return percents().format(share);
}

/** A total's change against the previous period, in words. */
export function describeChange({ current, previous, change }: AnalyticsTotal): ChangeText {
  if (change === null) {
    return current === 0
      ? { trend: 'flat', short: $localize`:a total's change:no change`, long: $localize`None in this period or the previous one` }
      : { trend: 'new', short: $localize`:a total that had none before:new`, long: $localize`None in the previous period` };
  }
  const rounded = Math.round(change * 1000) / 1000;
  if (rounded === 0) return { trend: 'flat', short: $localize`:a total's change:no change`, long: $localize`The same as the previous period (${formatCount(previous)}:previous:)` };
  // A true minus sign, as typesetters write it, in every language.
  const short = `${rounded > 0 ? '+' : '\u2212'}${formatPercent(Math.abs(rounded))}`;
  return { trend: rounded > 0 ? 'up' : 'down', short, long: $localize`${short}:change: against ${formatCount(previous)}:previous: in the previous period` };
}

/** A date written by `format`, never broken across lines (`8 oct.` stays whole, as French typography wants). */
function writeDate(format: Intl.DateTimeFormat, date: string): string {
  return format.format(new Date(`${date}T00:00:00Z`)).replace(/ /g, '\u00a0');
}

/** `2026-11-03` → `3 Nov`. */
export function formatDay(date: string): string {
  return writeDate(dayMonth(), date);
}

/** `2026-11-03` → `Tue 3 Nov`. */
export function formatWeekday(date: string): string {
  return writeDate(weekdayDayMonth(), date);
}

/** `25 Oct – 23 Nov 2026`, or one day as `23 Nov 2026`; a line may break after the dash only. */
export function formatRange({ from, to }: Pick<AnalyticsRange, 'from' | 'to'>): string {
  if (from === to) return writeDate(dayMonthYear(), to);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${writeDate(sameYear ? dayMonth() : dayMonthYear(), from)}\u00a0– ${writeDate(dayMonthYear(), to)}`;
}

/** `9` → `09:00`. */
export function formatHour(hour: number): string {
  return hours().format(Date.UTC(2000, 0, 1, hour));
}

/** An ISO weekday (1 Monday … 7 Sunday) by name: `Monday`, `lundi`; `short`: `Mon`, `lun.`. */
export function weekdayName(isoWeekday: number, width: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  const date = Date.UTC(2024, 0, isoWeekday);
  return (width === 'long' ? weekdaysLong() : weekdaysShort()).format(date);
}
