/**
 * Which days the analytics dashboard covers: the rules of a period, shared by the API (which
 * enforces them, answering 400 in its words) and the SPA (which checks a custom period before
 * asking, in its own words). One rule list, so the two never disagree.
 */
import { AnalyticsLimits, PERIOD_DAYS, type AnalyticsPeriod } from './analytics.ts';
import { daysInRange, isCalendarDate, addDays } from './calendar-date.ts';

/** A period's first and last day, both included. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/** The last days of a preset, up to `today`, today included. */
export function presetRange(period: AnalyticsPeriod, today: string): DateRange {
  return { from: addDays(today, 1 - PERIOD_DAYS[period]), to: today };
}

/** Why custom dates cannot be asked for; each side words it. */
export type CustomRangeProblem =
  /** `field` is not a `YYYY-MM-DD` date that exists. */
  | { readonly rule: 'not-a-date'; readonly field: 'from' | 'to' }
  /** `from` is after `to`. */
  | { readonly rule: 'reversed' }
  /** `from` is before `AnalyticsLimits.earliestDate`. */
  | { readonly rule: 'too-early' }
  /** `to` is after today, in the viewer's time zone. */
  | { readonly rule: 'in-the-future' }
  /** More than `AnalyticsLimits.maxRangeDays` days. */
  | { readonly rule: 'too-long'; readonly days: number };

/**
 * The first rule custom dates break, in this order, or `null` when `from` to `to` (both included)
 * may be asked for, `today` being today in the viewer's time zone.
 */
export function customRangeProblem(from: string, to: string, today: string): CustomRangeProblem | null {
  if (!isCalendarDate(from)) return { rule: 'not-a-date', field: 'from' };
  if (!isCalendarDate(to)) return { rule: 'not-a-date', field: 'to' };
  if (from > to) return { rule: 'reversed' };
  if (from < AnalyticsLimits.earliestDate) return { rule: 'too-early' };
  if (to > today) return { rule: 'in-the-future' };
  const days = daysInRange(from, to);
  return days > AnalyticsLimits.maxRangeDays ? { rule: 'too-long', days } : null;
}
