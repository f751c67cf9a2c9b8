/** Each figure of the dashboard as a CSV file: its header, its rows, its file name. */
import { AnalyticsFigure, WEEKDAY_NAMES, type AnalyticsSummary, type AnalyticsTotal } from '@app/contracts';
import { toCsv, type CsvCell } from './csv.ts';

export interface CsvFile {
  readonly fileName: string;
  readonly body: string;
}

type Table = { readonly header: readonly string[]; readonly rows: readonly (readonly CsvCell[])[] };

const TABLES: Readonly<Record<AnalyticsFigure, (summary: AnalyticsSummary) => Table>> = {
  [AnalyticsFigure.Totals]: ({ totals }) => ({
    header: ['figure', 'this_period', 'previous_period', 'change_percent'],
    rows: [
      totalRow('messages', totals.messages),
      totalRow('active_users', totals.activeUsers),
      totalRow('rooms', totals.rooms),
    ],
  }),
  [AnalyticsFigure.MessagesPerDay]: ({ messagesPerDay }) => ({
    header: ['date', 'messages'],
    rows: messagesPerDay.map(({ date, messages }) => [date, messages]),
  }),
  [AnalyticsFigure.ActiveUsersPerDay]: ({ activeUsersPerDay }) => ({
    header: ['date', 'active_users'],
    rows: activeUsersPerDay.map(({ date, activeUsers }) => [date, activeUsers]),
  }),
  [AnalyticsFigure.MessagesPerRoom]: ({ messagesPerRoom }) => ({
    header: ['room', 'room_id', 'messages'],
    rows: messagesPerRoom.map(({ name, roomId, messages }) => [name, roomId, messages]),
  }),
  [AnalyticsFigure.BusiestHours]: ({ busiestHours }) => ({
    header: ['weekday', 'hour', 'messages'],
    rows: busiestHours.map(({ weekday, hour, messages }) => [WEEKDAY_NAMES[weekday - 1] ?? String(weekday), hour, messages]),
  }),
  [AnalyticsFigure.TopContributors]: ({ topContributors }) => ({
    header: ['name', 'user_id', 'messages', 'rooms'],
    rows: topContributors.map(({ name, sub, messages, rooms }) => [name, sub, messages, rooms]),
  }),
};

/** The figure's CSV, named after the figure, the period and the room: `messages-per-day_2026-10-01_2026-10-30.csv`. */
export function figureCsv(summary: AnalyticsSummary, figure: AnalyticsFigure): CsvFile {
  const { header, rows } = TABLES[figure](summary);
  const parts = [figure, summary.range.from, summary.range.to, ...(summary.room === null ? [] : [summary.room.name])];
  return { fileName: `${parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-')}.csv`, body: toCsv(header, rows) };
}

/** A change in percent, to one decimal; empty when there was nothing to compare with. */
function totalRow(name: string, { current, previous, change }: AnalyticsTotal): CsvCell[] {
  return [name, current, previous, change === null ? '' : Math.round(change * 1000) / 10];
}
