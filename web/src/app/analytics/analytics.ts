import { httpResource, type HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import {
  AnalyticsApiPath,
  AnalyticsFigure,
  AnalyticsLimits,
  ErrorCode,
  presetRange,
  WEEKDAY_NAMES,
  type AnalyticsRoomList,
  type AnalyticsSummary,
  type AnalyticsTotal,
  type ApiError,
} from '@app/contracts';
import { AnalyticsChart } from './analytics-chart';
import {
  apiQueryOf,
  CUSTOM,
  customRangeProblem,
  paramsOfSelection,
  PERIOD_CHOICES,
  selectionFromParams,
  todayIn,
  viewerTimeZone,
  type PeriodChoice,
  type Selection,
} from './analytics-selection';
import { busiestHoursConfig, CHART_COLORS, dailyLineConfig, roomBarsConfig } from './chart-configs';
import { FigureCard } from './figure-card';
import {
  describeActiveUsersPerDay,
  describeBusiestHours,
  describeMessagesPerDay,
  describeMessagesPerRoom,
} from './figure-descriptions';
import { describeChange, formatCount, formatHour, formatRange, formatWeekday } from './figure-format';

/**
 * `/analytics` (role `analytics`): how the team uses the chat, for a period and maybe one room.
 * The choice lives in the URL's query (`range`, `from`, `to`, `room`), bound to this page's inputs;
 * the figures come from `GET /api/analytics/summary` in the viewer's time zone.
 */
@Component({
  selector: 'app-analytics',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AnalyticsChart, FigureCard],
  templateUrl: './analytics.html',
})
export class Analytics {
  /** The URL's query parameters (bound by the router). */
  readonly range = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly room = input<string>();

  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly timeZone = viewerTimeZone();
  protected readonly custom = CUSTOM;
  protected readonly figure = AnalyticsFigure;
  protected readonly periodChoices = PERIOD_CHOICES;
  protected readonly earliest = AnalyticsLimits.earliestDate;
  protected readonly maxDays = AnalyticsLimits.maxRangeDays;
  protected readonly hours = Array.from({ length: 24 }, (_, hour) => hour);
  /** The legend's swatches; styles.css paints them as `heatColor` paints the cells. */
  protected readonly legendSteps = [0, 1, 2, 3, 4];
  protected readonly today = signal(todayIn(this.timeZone));

  protected readonly selection = computed<Selection>(() =>
    selectionFromParams({ range: this.range(), from: this.from(), to: this.to(), room: this.room() }));
  protected readonly query = computed(() => apiQueryOf(this.selection(), this.timeZone));

  protected readonly summary = httpResource<AnalyticsSummary>(() => ({ url: AnalyticsApiPath.Summary, params: this.query() }));
  protected readonly rooms = httpResource<AnalyticsRoomList>(() => AnalyticsApiPath.Rooms);

  /**
   * The figures on screen: the last ones loaded, kept (dimmed) during the next load, so nothing
   * jumps; none after a failure.
   */
  protected readonly figures = linkedSignal<{ failed: boolean; loaded: AnalyticsSummary | undefined }, AnalyticsSummary | undefined>({
    source: () => ({ failed: this.summary.error() !== undefined, loaded: this.summary.hasValue() ? this.summary.value() : undefined }),
    computation: ({ failed, loaded }, previous) => (failed ? undefined : (loaded ?? previous?.value)),
  });

  /** "Custom" chosen, before its dates are applied (null: the URL's period). */
  private readonly pendingPeriod = signal<PeriodChoice | null>(null);
  protected readonly shownPeriod = computed(() => this.pendingPeriod() ?? this.selection().period);
  protected readonly editedFrom = signal<string | null>(null);
  protected readonly editedTo = signal<string | null>(null);
  /** The custom form starts from the dates on screen. */
  protected readonly customFrom = computed(() => this.editedFrom() ?? this.customDefaults().from);
  protected readonly customTo = computed(() => this.editedTo() ?? this.customDefaults().to);
  protected readonly customProblem = signal('');

  protected readonly messagesPerDayChart = computed(() =>
    dailyLineConfig(
      (this.figures()?.messagesPerDay ?? []).map(({ date, messages }) => ({ date, value: messages })),
      'Messages', CHART_COLORS.messages, CHART_COLORS.messagesFill,
    ));
  protected readonly activeUsersChart = computed(() =>
    dailyLineConfig(
      (this.figures()?.activeUsersPerDay ?? []).map(({ date, activeUsers }) => ({ date, value: activeUsers })),
      'Active users', CHART_COLORS.users, CHART_COLORS.usersFill,
    ));
  protected readonly roomsChart = computed(() => roomBarsConfig(this.figures()?.messagesPerRoom ?? []));
  protected readonly hoursChart = computed(() => busiestHoursConfig(this.figures()?.busiestHours ?? []));

  protected readonly describeMessagesPerDay = describeMessagesPerDay;
  protected readonly describeActiveUsersPerDay = describeActiveUsersPerDay;
  protected readonly describeMessagesPerRoom = describeMessagesPerRoom;
  protected readonly describeBusiestHours = describeBusiestHours;
  protected readonly format = formatCount;
  protected readonly weekday = formatWeekday;
  protected readonly hourLabel = formatHour;

  private customDefaults(): { from: string; to: string } {
    const selection = this.selection();
    return selection.period === CUSTOM ? { from: selection.from, to: selection.to } : presetRange(selection.period, this.today());
  }

  protected choosePeriod(period: PeriodChoice): void {
    this.customProblem.set('');
    this.editedFrom.set(null);
    this.editedTo.set(null);
    this.pendingPeriod.set(period === CUSTOM ? CUSTOM : null);
    if (period !== CUSTOM) this.navigate({ period, roomId: this.selection().roomId });
  }

  protected applyCustom(): void {
    this.today.set(todayIn(this.timeZone));
    const from = this.customFrom();
    const to = this.customTo();
    const problem = customRangeProblem(from, to, this.today());
    this.customProblem.set(problem ?? '');
    if (problem === null) {
      this.pendingPeriod.set(null);
      this.navigate({ period: CUSTOM, from, to, roomId: this.selection().roomId });
    }
  }

  protected chooseRoom(roomId: string): void {
    this.navigate({ ...this.selection(), roomId: roomId === '' ? null : roomId });
  }

  private navigate(selection: Selection): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: paramsOfSelection(selection) });
  }

  protected rangeText(summary: AnalyticsSummary): string {
    const room = summary.room === null ? 'All rooms' : `#${summary.room.name}`;
    return `${formatRange(summary.range)} (${summary.range.days} ${summary.range.days === 1 ? 'day' : 'days'}), ${room}.`;
  }

  protected previousText(summary: AnalyticsSummary): string {
    return `the ${summary.range.days === 1 ? 'day' : `${summary.range.days} days`} before, ${formatRange({ from: summary.range.previousFrom, to: summary.range.previousTo })}`;
  }

  protected totalsOf(summary: AnalyticsSummary): { label: string; value: AnalyticsTotal; change: ReturnType<typeof describeChange> }[] {
    const { messages, activeUsers, rooms } = summary.totals;
    return [
      { label: 'Messages', value: messages, change: describeChange(messages) },
      { label: 'Active users', value: activeUsers, change: describeChange(activeUsers) },
      { label: 'Rooms', value: rooms, change: describeChange(rooms) },
    ];
  }

  protected roomsChartHeight(summary: AnalyticsSummary): number {
    return Math.max(160, 44 + 34 * summary.messagesPerRoom.length);
  }

  protected weekRows(summary: AnalyticsSummary): { name: string; cells: string[] }[] {
    return WEEKDAY_NAMES.map((name, day) => ({
      name: name.slice(0, 3),
      cells: summary.busiestHours.filter((cell) => cell.weekday === day + 1).map((cell) => formatCount(cell.messages)),
    }));
  }

  protected share(part: number, whole: number): string {
    return whole === 0 ? '–' : `${Math.round((part / whole) * 1000) / 10} %`;
  }

  /**
   * The API's own words for a 400 (they name the parameter), a 429 or a 503 of the analytics' limits
   * (they say how long to wait, or to ask for less); nothing for other failures.
   */
  protected errorDetail(error: Error): string {
    const { status, error: body } = error as Partial<HttpErrorResponse> & { error?: Partial<ApiError> };
    const said = status === 400 || status === 429 || (status === 503 && body?.error === ErrorCode.AnalyticsTimeout);
    return said && typeof body?.message === 'string' ? `: ${body.message}` : '';
  }
}
