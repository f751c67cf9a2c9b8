import { httpResource, type HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import {
  AnalyticsApiPath,
  AnalyticsFigure,
  AnalyticsLimits,
  presetRange,
  type AnalyticsRoomList,
  type AnalyticsSummary,
  type AnalyticsTotal,
  type ApiError,
} from '@app/contracts';
import { formatWait } from '../locale/number-format';
import { isSingular } from '../locale/plural';
import { describeErrorCode, describeHttpStatus } from '../network/api-error-text';
import { parseRetryAfter } from '../network/retry-after';
import { AnalyticsChart } from './analytics-chart';
import {
  apiQueryOf,
  CUSTOM,
  customRangeProblem,
  paramsOfSelection,
  PERIOD_CHOICES,
  periodChoiceLabel,
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
import { describeChange, formatCount, formatHour, formatPercent, formatRange, formatWeekday, weekdayName } from './figure-format';

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
  protected readonly periodLabel = periodChoiceLabel;
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
      $localize`:a chart's series:Messages`, CHART_COLORS.messages, CHART_COLORS.messagesFill,
    ));
  protected readonly activeUsersChart = computed(() =>
    dailyLineConfig(
      (this.figures()?.activeUsersPerDay ?? []).map(({ date, activeUsers }) => ({ date, value: activeUsers })),
      $localize`:a chart's series:Active users`, CHART_COLORS.users, CHART_COLORS.usersFill,
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
    const [range, days] = [formatRange(summary.range), formatCount(summary.range.days)];
    const room = summary.room === null ? $localize`:the rooms a period's figures are for, in a sentence:all rooms` : `#${summary.room.name}`;
    return isSingular(summary.range.days) ? $localize`${range}:range: (${days}:days: day), ${room}:room:.` : $localize`${range}:range: (${days}:days: days), ${room}:room:.`;
  }

  protected comparisonText(summary: AnalyticsSummary): string {
    const before = formatRange({ from: summary.range.previousFrom, to: summary.range.previousTo });
    return summary.range.days === 1
      ? $localize`Against the day before, ${before}:range:`
      : $localize`Against the ${formatCount(summary.range.days)}:days: days before, ${before}:range:`;
  }

  protected totalsOf(summary: AnalyticsSummary): { label: string; value: AnalyticsTotal; change: ReturnType<typeof describeChange> }[] {
    const { messages, activeUsers, rooms } = summary.totals;
    return [
      { label: $localize`:a total:Messages`, value: messages, change: describeChange(messages) },
      { label: $localize`:a total:Active users`, value: activeUsers, change: describeChange(activeUsers) },
      { label: $localize`:a total:Rooms`, value: rooms, change: describeChange(rooms) },
    ];
  }

  protected hoursSubtitle(summary: AnalyticsSummary): string {
    return $localize`Weekday and hour, ${summary.range.timeZone}:timeZone:`;
  }

  protected roomsChartHeight(summary: AnalyticsSummary): number {
    return Math.max(160, 44 + 34 * summary.messagesPerRoom.length);
  }

  protected weekRows(summary: AnalyticsSummary): { name: string; cells: string[] }[] {
    return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      name: weekdayName(weekday, 'short'),
      cells: summary.busiestHours.filter((cell) => cell.weekday === weekday).map((cell) => formatCount(cell.messages)),
    }));
  }

  protected share(part: number, whole: number): string {
    return whole === 0 ? '–' : formatPercent(part / whole);
  }

  /**
   * Why the figures could not be loaded, in the SPA's words for the API's error code (its message is
   * for developers), with the wait a 429 asks for.
   */
  protected loadProblem(error: Error): string {
    const { status, error: body, headers } = error as Partial<HttpErrorResponse>;
    const code = (body as Partial<ApiError> | null | undefined)?.error;
    const words = (typeof code === 'string' ? describeErrorCode(code) : undefined) ?? describeHttpStatus(status ?? 0);
    const waitS = status === 429 ? parseRetryAfter(headers?.get('Retry-After') ?? null) : null;
    return waitS === null ? words : $localize`:API error:Too many requests: try again in ${formatWait(waitS)}:wait:.`;
  }
}
