/**
 * What the dashboard shows: a period (a preset or custom dates) and maybe one room. It lives in the
 * page's URL (`/analytics?range=7d`, `?range=custom&from=…&to=…&room=…`), so a view can be shared
 * and survives a reload; the API gets it with the viewer's time zone.
 */
import {
  ANALYTICS_PERIODS,
  AnalyticsLimits,
  customRangeProblem as checkCustomRange,
  isAnalyticsPeriod,
  PERIOD_DAYS,
  type AnalyticsPeriod,
} from '@app/contracts';
import { formatCount, formatRange } from './figure-format';

export const CUSTOM = 'custom';
export type PeriodChoice = AnalyticsPeriod | typeof CUSTOM;

export type Selection =
  | { readonly period: AnalyticsPeriod; readonly roomId: string | null }
  | { readonly period: typeof CUSTOM; readonly from: string; readonly to: string; readonly roomId: string | null };

/** The page's query parameters, as the router binds them (absent ones undefined). */
export interface SelectionParams {
  readonly range?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly room?: string | undefined;
}

export const PERIOD_CHOICES: readonly PeriodChoice[] = [...ANALYTICS_PERIODS, CUSTOM];

/** A period's name on the picker: `30 days`, `Custom`. */
export function periodChoiceLabel(choice: PeriodChoice): string {
  return choice === CUSTOM ? $localize`:a period of one's choosing:Custom` : $localize`:the last N days:${PERIOD_DAYS[choice]}:days: days`;
}

/** The selection a URL asks for; anything unusable falls back to the default period. */
export function selectionFromParams({ range, from, to, room }: SelectionParams): Selection {
  const roomId = room === undefined || room === '' ? null : room;
  if (range === CUSTOM && from !== undefined && to !== undefined) return { period: CUSTOM, from, to, roomId };
  return { period: isAnalyticsPeriod(range) ? range : AnalyticsLimits.defaultPeriod, roomId };
}

/** The URL's query parameters for a selection (null removes a parameter). */
export function paramsOfSelection(selection: Selection): Record<string, string | null> {
  return {
    range: selection.period,
    from: selection.period === CUSTOM ? selection.from : null,
    to: selection.period === CUSTOM ? selection.to : null,
    room: selection.roomId,
  };
}

/** The API's query for a selection, in the viewer's time zone (`AnalyticsQuery`). */
export function apiQueryOf(selection: Selection, timeZone: string): Record<string, string> {
  return {
    ...(selection.period === CUSTOM ? { from: selection.from, to: selection.to } : { period: selection.period }),
    ...(selection.roomId === null ? {} : { room: selection.roomId }),
    tz: timeZone,
  };
}

/** The browser's IANA time zone (`Europe/Paris`); UTC if it has none. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today's date (`YYYY-MM-DD`) in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Why custom dates cannot be asked for, in words for the form; null when they can. The rules are
 * the contracts' (`customRangeProblem`), the API's own: this only saves a round trip.
 */
export function customRangeProblem(from: string, to: string, today: string): string | null {
  const problem = checkCustomRange(from, to, today);
  if (problem === null) return null;
  switch (problem.rule) {
    case 'not-a-date':
      return $localize`Choose both a start and an end date.`;
    case 'reversed':
      return $localize`The start date must not be after the end date.`;
    case 'in-the-future':
      return $localize`The end date cannot be in the future.`;
    case 'too-early':
      return $localize`Choose a start date from ${formatRange({ from: AnalyticsLimits.earliestDate, to: AnalyticsLimits.earliestDate })}:earliest: on.`;
    case 'too-long':
      return $localize`Choose at most ${formatCount(AnalyticsLimits.maxRangeDays)}:max: days (this is ${formatCount(problem.days)}:days:).`;
  }
}
