/**
 * Each chart's text alternative: one sentence with what a sighted reader takes from it at a glance
 * (the total, the peak). The numbers themselves are in the figure's table view.
 */
import { WEEKDAY_NAMES, type AnalyticsSummary } from '@app/contracts';
import { formatCount, formatHour, formatRange, formatWeekday } from './figure-format';

type Day = { readonly date: string; readonly value: number };

function peakOf(days: readonly Day[]): Day | undefined {
  return days.reduce<Day | undefined>((peak, day) => (peak === undefined || day.value > peak.value ? day : peak), undefined);
}

export function describeMessagesPerDay(summary: AnalyticsSummary): string {
  const days = summary.messagesPerDay.map(({ date, messages }) => ({ date, value: messages }));
  const peak = peakOf(days);
  const total = days.reduce((sum, day) => sum + day.value, 0);
  return `Line chart of messages per day, ${formatRange(summary.range)}: ${formatCount(total)} in all` +
    (peak === undefined || peak.value === 0 ? '.' : `, the most on ${formatWeekday(peak.date)} (${formatCount(peak.value)}).`);
}

export function describeActiveUsersPerDay(summary: AnalyticsSummary): string {
  const days = summary.activeUsersPerDay.map(({ date, activeUsers }) => ({ date, value: activeUsers }));
  const peak = peakOf(days);
  return `Line chart of active users per day, ${formatRange(summary.range)}: ` +
    (peak === undefined || peak.value === 0 ? 'none.' : `up to ${formatCount(peak.value)} people a day, on ${formatWeekday(peak.date)}.`);
}

export function describeMessagesPerRoom(summary: AnalyticsSummary): string {
  const rooms = summary.messagesPerRoom.slice(0, 5).map((room) => `#${room.name} ${formatCount(room.messages)}`);
  const more = summary.messagesPerRoom.length > 5 ? `, and ${summary.messagesPerRoom.length - 5} more` : '';
  return `Bar chart of messages per room, busiest first: ${rooms.join(', ')}${more}.`;
}

export function describeBusiestHours(summary: AnalyticsSummary): string {
  const peak = summary.busiestHours.reduce((best, cell) => (cell.messages > best.messages ? cell : best), summary.busiestHours[0] ?? { weekday: 1, hour: 0, messages: 0 });
  return `Heat map of messages by weekday and hour, in ${summary.range.timeZone}: ` +
    (peak.messages === 0 ? 'none.' : `busiest on ${WEEKDAY_NAMES[peak.weekday - 1]} at ${formatHour(peak.hour)} (${formatCount(peak.messages)} messages).`);
}
