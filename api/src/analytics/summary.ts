/**
 * The dashboard's figures for one query: the store counts in the database, by UTC spans worked
 * out from the viewer's days and hours; this folds those counts into the contract's shape.
 */
import { AnalyticsLimits, type AnalyticsRoom, type AnalyticsSummary, type AnalyticsTotal } from '@app/contracts';
import type { AnalyticsStore, SpanCounts } from '../storage/storage.ts';
import type { AnalyticsSelection } from './analytics-query.ts';
import { bucketsOf, type HourBucket } from './buckets.ts';

const HOURS_PER_DAY = 24;

/** Every figure of the dashboard, for the selection's period and room (`room`: already found). */
export async function summarize(
  store: Pick<AnalyticsStore, 'countForAnalytics'>,
  { range }: AnalyticsSelection,
  room: AnalyticsRoom | null,
): Promise<AnalyticsSummary> {
  const buckets = bucketsOf(range);
  const counts = await store.countForAnalytics({
    roomId: room?.id,
    current: buckets.current,
    previous: buckets.previous,
    days: buckets.days.map((day) => day.span),
    hours: buckets.hours.map((hour) => hour.span),
    roomsShown: AnalyticsLimits.roomsShown,
    contributorsShown: AnalyticsLimits.topContributors,
  });
  return {
    range,
    room,
    totals: {
      messages: total(counts.current, counts.previous, 'messages'),
      activeUsers: total(counts.current, counts.previous, 'authors'),
      rooms: total(counts.current, counts.previous, 'rooms'),
    },
    messagesPerDay: buckets.days.map(({ date }, day) => ({
      date,
      messages: sum(counts.messagesPerHour.slice(day * HOURS_PER_DAY, (day + 1) * HOURS_PER_DAY)),
    })),
    activeUsersPerDay: buckets.days.map(({ date }, day) => ({ date, activeUsers: counts.authorsPerDay[day] ?? 0 })),
    messagesPerRoom: counts.messagesPerRoom.map(({ roomId, name, messages }) => ({ roomId, name, messages })),
    busiestHours: foldIntoWeek(buckets.hours, counts.messagesPerHour),
    topContributors: counts.contributors.map(({ sub, name, messages, rooms }) => ({ sub, name, messages, rooms })),
  };
}

/** A headline figure and its change; the change is rounded to 4 decimals (0.1 %) and null from zero. */
export function total(current: SpanCounts, previous: SpanCounts, key: keyof SpanCounts): AnalyticsTotal {
  const now = current[key];
  const before = previous[key];
  return { current: now, previous: before, change: before === 0 ? null : Math.round(((now - before) / before) * 10_000) / 10_000 };
}

/** The 168 cells of the week (Monday 00:00 first), each the sum of that local weekday and hour. */
function foldIntoWeek(hours: readonly HourBucket[], messagesPerHour: readonly number[]): AnalyticsSummary['busiestHours'] {
  const cells = Array.from({ length: 7 * HOURS_PER_DAY }, (_, i) => ({
    weekday: Math.floor(i / HOURS_PER_DAY) + 1,
    hour: i % HOURS_PER_DAY,
    messages: 0,
  }));
  hours.forEach(({ weekday, hour }, i) => {
    const cell = cells[(weekday - 1) * HOURS_PER_DAY + hour];
    if (cell !== undefined) cell.messages += messagesPerHour[i] ?? 0;
  });
  return cells;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
