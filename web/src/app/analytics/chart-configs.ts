/**
 * The dashboard's charts as Chart.js configurations, from the API's figures. Plain data and
 * options only (types from Chart.js, never its code), so they can be tested without a canvas.
 * Tooltips are Chart.js's own, drawn on the canvas: no HTML is ever written into the page.
 */
import type { AnalyticsSummary } from '@app/contracts';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { MatrixDataPoint } from 'chartjs-chart-matrix';
import { appLocale } from '../locale/app-locale';
import { isSingular } from '../locale/plural';
import { formatCount, formatDay, formatHour, formatWeekday, weekdayName } from './figure-format';

/** The page's accent (styles.css `--accent`) and a second colour for the other line. */
export const CHART_COLORS = {
  messages: '#2b59c3',
  messagesFill: 'rgb(43 89 195 / 14%)',
  users: '#0e7c66',
  usersFill: 'rgb(14 124 102 / 14%)',
  grid: '#e6e9f0',
  text: '#5b6478',
  emptyCell: '#eef1f7',
} as const;

type DayPoint = { readonly date: string; readonly value: number };

/** A line over the period's days: messages, or active users. */
export function dailyLineConfig(points: readonly DayPoint[], label: string, color: string, fill: string): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: points.map((point) => formatDay(point.date)),
      datasets: [
        {
          label,
          data: points.map((point) => point.value),
          borderColor: color,
          backgroundColor: fill,
          fill: 'origin',
          tension: 0.25,
          borderWidth: 2,
          pointRadius: points.length > 31 ? 0 : 2.5,
          pointHoverRadius: 4,
        },
      ],
    },
    options: {
      ...commonOptions(),
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => formatWeekday(points[items[0]?.dataIndex ?? 0]?.date ?? ''),
            label: (item: TooltipItem<'line'>) => $localize`:a chart's tooltip:${label}:series:: ${formatCount(Number(item.raw))}:value:`,
          },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { maxTicksLimit: 7, maxRotation: 0, color: CHART_COLORS.text } },
        y: { beginAtZero: true, grid: { color: CHART_COLORS.grid }, ticks: { precision: 0, color: CHART_COLORS.text } },
      },
    },
  };
}

/** Horizontal bars, the busiest room on top. */
export function roomBarsConfig(rooms: AnalyticsSummary['messagesPerRoom']): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: rooms.map((room) => `#${room.name}`),
      datasets: [{ label: $localize`:a chart's series:Messages`, data: rooms.map((room) => room.messages), backgroundColor: CHART_COLORS.messages, borderRadius: 4, maxBarThickness: 28 }],
    },
    options: {
      ...commonOptions(),
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => countMessages(Number(item.raw)) } },
      },
      scales: {
        x: { beginAtZero: true, grid: { color: CHART_COLORS.grid }, ticks: { precision: 0, maxTicksLimit: 5, maxRotation: 0, color: CHART_COLORS.text } },
        // Every room named: the chart is as tall as its rooms need (see the page).
        y: { grid: { display: false }, ticks: { autoSkip: false, color: CHART_COLORS.text } },
      },
    },
  };
}

/** A cell of the week heat map: `x` the hour, `y` the ISO weekday, `v` the messages. */
type WeekCell = MatrixDataPoint & { readonly x: number; readonly y: number; readonly v: number };

/** Weekday (rows, Monday on top) × hour (columns), darker for busier. */
export function busiestHoursConfig(cells: AnalyticsSummary['busiestHours']): ChartConfiguration<'matrix', WeekCell[]> {
  const max = Math.max(0, ...cells.map((cell) => cell.messages));
  const data: WeekCell[] = cells.map((cell) => ({ x: cell.hour, y: cell.weekday, v: cell.messages }));
  const cellOf = (item: { raw: unknown }) => item.raw as WeekCell;
  return {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: $localize`:a chart's series:Messages`,
          data,
          backgroundColor: (context) => heatColor((context.raw as WeekCell | undefined)?.v ?? 0, max),
          borderWidth: 0,
          borderRadius: 2,
          width: ({ chart }) => Math.max(1, (chart.chartArea?.width ?? 0) / 24 - 2),
          height: ({ chart }) => Math.max(1, (chart.chartArea?.height ?? 0) / 7 - 2),
        },
      ],
    },
    options: {
      ...commonOptions(),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => {
              const cell = cellOf(item);
              return $localize`:a chart's tooltip:${weekdayName(cell.y)}:weekday: ${formatHour(cell.x)}:hour:: ${countMessages(cell.v)}:messages:`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: 23.5,
          grid: { display: false },
          border: { display: false },
          // Ticks at the cells' centres: every third hour.
          afterBuildTicks: (axis) => {
            axis.ticks = [0, 3, 6, 9, 12, 15, 18, 21].map((value) => ({ value }));
          },
          ticks: { color: CHART_COLORS.text, maxRotation: 0, callback: (value) => String(value).padStart(2, '0') },
        },
        y: {
          type: 'linear',
          min: 0.5,
          max: 7.5,
          reverse: true,
          grid: { display: false },
          border: { display: false },
          afterBuildTicks: (axis) => {
            axis.ticks = [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value }));
          },
          ticks: { color: CHART_COLORS.text, autoSkip: false, callback: (value) => weekdayName(Number(value), 'short') },
        },
      },
    },
  };
}

/** The accent at an opacity that grows with the value; a pale grey for none. */
export function heatColor(value: number, max: number): string {
  if (value <= 0 || max <= 0) return CHART_COLORS.emptyCell;
  const share = Math.min(1, value / max);
  return `rgb(43 89 195 / ${Math.round((0.15 + 0.85 * share) * 100)}%)`;
}

/** `12 messages`, `1 message`, in the page's language. */
function countMessages(count: number): string {
  return isSingular(count) ? $localize`${formatCount(count)}:count: message` : $localize`${formatCount(count)}:count: messages`;
}

/**
 * No animation (screen readers, reduced motion, and a chart is drawn when it says so). The axes'
 * numbers in the page's locale, as the rest of the page writes them.
 */
function commonOptions() {
  return { responsive: true, maintainAspectRatio: false, animation: false, locale: appLocale().formatting } as const;
}
