/**
 * Each chart's text alternative: one sentence with what a sighted reader takes from it at a glance
 * (the total, the peak). The numbers themselves are in the figure's table view.
 */
import type { AnalyticsSummary } from '@app/contracts';
import { isSingular } from '../locale/plural';
import { formatCount, formatHour, formatRange, formatWeekday, weekdayName } from './figure-format';

type Day = { readonly date: string; readonly value: number };

function peakOf(days: readonly Day[]): Day | undefined {
  return days.reduce<Day | undefined>((peak, day) => (peak === undefined || day.value > peak.value ? day : peak), undefined);
}

export function describeMessagesPerDay(summary: AnalyticsSummary): string {
  const days = summary.messagesPerDay.map(({ date, messages }) => ({ date, value: messages }));
  const peak = peakOf(days);
  const total = formatCount(days.reduce((sum, day) => sum + day.value, 0));
  const range = formatRange(summary.range);
  return peak === undefined || peak.value === 0
    ? $localize`Line chart of messages per day, ${range}:range:: ${total}:total: in all.`
    : $localize`Line chart of messages per day, ${range}:range:: ${total}:total: in all, the most on ${formatWeekday(peak.date)}:peakDay: (${formatCount(peak.value)}:peak:).`;
}

export function describeActiveUsersPerDay(summary: AnalyticsSummary): string {
  const days = summary.activeUsersPerDay.map(({ date, activeUsers }) => ({ date, value: activeUsers }));
  const peak = peakOf(days);
  const range = formatRange(summary.range);
  if (peak === undefined || peak.value === 0) return $localize`Line chart of active users per day, ${range}:range:: none.`;
  const day = formatWeekday(peak.date);
  return isSingular(peak.value)
    ? $localize`Line chart of active users per day, ${range}:range:: at most ${formatCount(peak.value)}:peak: person a day, on ${day}:peakDay:.`
    : $localize`Line chart of active users per day, ${range}:range:: up to ${formatCount(peak.value)}:peak: people a day, on ${day}:peakDay:.`;
}

export function describeMessagesPerRoom(summary: AnalyticsSummary): string {
  const rooms = summary.messagesPerRoom.slice(0, 5).map((room) => `#${room.name} ${formatCount(room.messages)}`).join(', ');
  const more = summary.messagesPerRoom.length - 5;
  return more > 0
    ? $localize`Bar chart of messages per room, busiest first: ${rooms}:rooms:, and ${formatCount(more)}:more: more.`
    : $localize`Bar chart of messages per room, busiest first: ${rooms}:rooms:.`;
}

export function describeBusiestHours(summary: AnalyticsSummary): string {
  const peak = summary.busiestHours.reduce((best, cell) => (cell.messages > best.messages ? cell : best), summary.busiestHours[0] ?? { weekday: 1, hour: 0, messages: 0 });
  const zone = summary.range.timeZone;
  if (peak.messages === 0) return $localize`Heat map of messages by weekday and hour, in ${zone}:timeZone:: none.`;
  const [weekday, hour, count] = [weekdayName(peak.weekday), formatHour(peak.hour), formatCount(peak.messages)];
  return isSingular(peak.messages)
    ? $localize`Heat map of messages by weekday and hour, in ${zone}:timeZone:: busiest on ${weekday}:weekday: at ${hour}:hour: (${count}:messages: message).`
    : $localize`Heat map of messages by weekday and hour, in ${zone}:timeZone:: busiest on ${weekday}:weekday: at ${hour}:hour: (${count}:messages: messages).`;
}
