/**
 * The CSV files people download, in their language. The API writes each figure's CSV with column
 * names for programs (`this_period`, `active_users`) and English labels in a few cells (a total's
 * name, a weekday); the file a person saves from the dashboard names its columns, totals and
 * weekdays as the page does. Only those: the numbers, dates and names stay as the API wrote them,
 * and a header this build does not know (a newer API's) is left as it is.
 */
import { AnalyticsFigure, WEEKDAY_NAMES } from '@app/contracts';
import { weekdayName } from './figure-format';

const RECORD_END = '\r\n';

/** The API's header of each figure (api/src/analytics/figure-csv.ts), and the reader's words for it. */
function columnsOf(figure: AnalyticsFigure): { readonly api: readonly string[]; readonly shown: readonly string[] } {
  switch (figure) {
    case AnalyticsFigure.Totals:
      return {
        api: ['figure', 'this_period', 'previous_period', 'change_percent'],
        shown: [$localize`:CSV column:Figure`, $localize`:CSV column:This period`, $localize`:CSV column:Previous period`, $localize`:CSV column:Change (%)`],
      };
    case AnalyticsFigure.MessagesPerDay:
      return { api: ['date', 'messages'], shown: [$localize`:CSV column:Date`, $localize`:CSV column:Messages`] };
    case AnalyticsFigure.ActiveUsersPerDay:
      return { api: ['date', 'active_users'], shown: [$localize`:CSV column:Date`, $localize`:CSV column:Active users`] };
    case AnalyticsFigure.MessagesPerRoom:
      return { api: ['room', 'room_id', 'messages'], shown: [$localize`:CSV column:Room`, $localize`:CSV column:Room ID`, $localize`:CSV column:Messages`] };
    case AnalyticsFigure.BusiestHours:
      return { api: ['weekday', 'hour', 'messages'], shown: [$localize`:CSV column:Weekday`, $localize`:CSV column:Hour`, $localize`:CSV column:Messages`] };
    case AnalyticsFigure.TopContributors:
      return {
        api: ['name', 'user_id', 'messages', 'rooms'],
        shown: [$localize`:CSV column:Name`, $localize`:CSV column:User ID`, $localize`:CSV column:Messages`, $localize`:CSV column:Rooms`],
      };
  }
}

/** The name of each row of the totals, as the API writes it. */
function totalName(key: string): string | undefined {
  switch (key) {
    case 'messages':
      return $localize`:a total:Messages`;
    case 'active_users':
      return $localize`:a total:Active users`;
    case 'rooms':
      return $localize`:a total:Rooms`;
    default:
      return undefined;
  }
}

/** A text field as the API writes one: quoted, quotes doubled (RFC 4180 §2.5-2.7). */
function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The API's CSV of `figure` with the reader's words for its header row and, for the totals and the
 * busiest hours, for the first cell of each row (which the API fills with its own constants, never
 * with anyone's text).
 */
export function localizeCsv(figure: AnalyticsFigure, csv: string): string {
  const headerEnd = csv.indexOf(RECORD_END);
  const { api, shown } = columnsOf(figure);
  if (headerEnd < 0 || csv.slice(0, headerEnd) !== api.map(quoted).join(',')) return csv;
  let rows = csv.slice(headerEnd);
  if (figure === AnalyticsFigure.Totals) {
    rows = rows.replace(/\r\n"([a-z_]+)",/g, (record: string, key: string) => {
      const name = totalName(key);
      return name === undefined ? record : `${RECORD_END}${quoted(name)},`;
    });
  } else if (figure === AnalyticsFigure.BusiestHours) {
    rows = rows.replace(/\r\n"([A-Za-z]+)",/g, (record: string, day: string) => {
      const index = (WEEKDAY_NAMES as readonly string[]).indexOf(day);
      return index < 0 ? record : `${RECORD_END}${quoted(weekdayName(index + 1))},`;
    });
  }
  return shown.map(quoted).join(',') + rows;
}
