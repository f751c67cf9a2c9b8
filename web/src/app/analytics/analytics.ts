import { httpResource, type HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import {
  AnalyticsApiPath,
  AnalyticsFigure,
  AnalyticsLimits,
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
  template: `
    <section class="analytics" [attr.aria-busy]="summary.isLoading()">
      <header class="analytics-head">
        <h1>Analytics</h1>
        <p class="muted" data-testid="range-text">
          @if (figures(); as shown) {
            {{ rangeText(shown) }}
          }
          <span class="nowrap">Days and hours in {{ timeZone }}.</span>
        </p>
      </header>

      <div class="analytics-controls">
        <fieldset class="period-picker">
          <legend class="visually-hidden">Period</legend>
          @for (choice of periodChoices; track choice.value) {
            <label class="segment">
              <input
                type="radio"
                name="period"
                [value]="choice.value"
                [checked]="shownPeriod() === choice.value"
                (change)="choosePeriod(choice.value)"
              />
              {{ choice.label }}
            </label>
          }
        </fieldset>
        <label class="room-filter">
          <span>Room</span>
          <select (change)="chooseRoom($any($event.target).value)" [disabled]="!rooms.hasValue()">
            <option value="" [selected]="selection().roomId === null">All rooms</option>
            @for (room of rooms.value()?.rooms ?? []; track room.id) {
              <option [value]="room.id" [selected]="selection().roomId === room.id">#{{ room.name }}</option>
            }
          </select>
        </label>
      </div>

      @if (shownPeriod() === custom) {
        <form class="custom-range" (submit)="$event.preventDefault(); applyCustom()">
          <label>From <input type="date" name="from" [value]="customFrom()" [min]="earliest" [max]="today()" (input)="editedFrom.set($any($event.target).value)" /></label>
          <label>To <input type="date" name="to" [value]="customTo()" [min]="earliest" [max]="today()" (input)="editedTo.set($any($event.target).value)" /></label>
          <button type="submit" class="button primary">Show</button>
          @if (customProblem()) {
            <p role="alert" class="form-problem">{{ customProblem() }}</p>
          } @else {
            <p class="muted form-hint">Up to {{ maxDays }} days.</p>
          }
        </form>
      }

      @if (summary.error(); as error) {
        <div role="alert" class="problem" data-testid="analytics-error">
          <p>The figures could not be loaded{{ errorDetail(error) }}.</p>
          <button type="button" class="button" (click)="summary.reload()">Try again</button>
        </div>
      } @else if (figures(); as shown) {
        <div class="analytics-body">
          <app-figure-card class="wide totals-card" [figure]="figure.Totals" title="Totals" [subtitle]="'Against ' + previousText(shown)" [query]="query()" [hasTable]="false">
            <dl class="totals" data-testid="summary">
              @for (total of totalsOf(shown); track total.label) {
                <div class="total">
                  <dt>{{ total.label }}</dt>
                  <dd>
                    <span class="total-value">{{ format(total.value.current) }}</span>
                    <span class="change" [attr.data-trend]="total.change.trend" [title]="total.change.long">
                      <span class="visually-hidden">{{ total.change.long }}</span>
                      <span aria-hidden="true">{{ total.change.short }}</span>
                    </span>
                  </dd>
                </div>
              }
            </dl>
          </app-figure-card>

          @if (shown.totals.messages.current === 0) {
            <div class="empty-state" data-testid="analytics-empty">
              <p class="empty-title">No messages {{ shown.room ? 'in #' + shown.room.name + ' ' : '' }}in this period.</p>
              <p class="muted">
                The charts fill in as the team chats.
                @if (shown.range.days < 90 && selection().period !== custom) {
                  Try a longer period, or another room.
                }
              </p>
            </div>
          } @else {
            <div class="figure-grid">
              <app-figure-card class="wide" [figure]="figure.MessagesPerDay" title="Messages per day" [query]="query()">
                <app-analytics-chart [config]="messagesPerDayChart()" [label]="describeMessagesPerDay(shown)" />
                <table table>
                  <thead><tr><th scope="col">Day</th><th scope="col">Messages</th></tr></thead>
                  <tbody>
                    @for (day of shown.messagesPerDay; track day.date) {
                      <tr><th scope="row">{{ weekday(day.date) }}</th><td>{{ format(day.messages) }}</td></tr>
                    }
                  </tbody>
                </table>
              </app-figure-card>

              <app-figure-card class="wide" [figure]="figure.ActiveUsersPerDay" title="Active users per day" subtitle="People who wrote at least one message" [query]="query()">
                <app-analytics-chart [config]="activeUsersChart()" [label]="describeActiveUsersPerDay(shown)" />
                <table table>
                  <thead><tr><th scope="col">Day</th><th scope="col">Active users</th></tr></thead>
                  <tbody>
                    @for (day of shown.activeUsersPerDay; track day.date) {
                      <tr><th scope="row">{{ weekday(day.date) }}</th><td>{{ format(day.activeUsers) }}</td></tr>
                    }
                  </tbody>
                </table>
              </app-figure-card>

              <app-figure-card [figure]="figure.MessagesPerRoom" title="Messages per room" [query]="query()">
                <app-analytics-chart [config]="roomsChart()" [label]="describeMessagesPerRoom(shown)" [height]="roomsChartHeight(shown)" />
                <table table>
                  <thead><tr><th scope="col">Room</th><th scope="col">Messages</th></tr></thead>
                  <tbody>
                    @for (room of shown.messagesPerRoom; track room.roomId) {
                      <tr><th scope="row">#{{ room.name }}</th><td>{{ format(room.messages) }}</td></tr>
                    }
                  </tbody>
                </table>
              </app-figure-card>

              <app-figure-card [figure]="figure.BusiestHours" title="Busiest hours" [subtitle]="'Weekday and hour, ' + shown.range.timeZone" [query]="query()">
                <app-analytics-chart [config]="hoursChart()" [label]="describeBusiestHours(shown)" [height]="220" />
                <div class="heat-legend" aria-hidden="true">
                  <span>Fewer</span>
                  @for (step of legendSteps; track step) {
                    <span class="heat-swatch" [attr.data-step]="step"></span>
                  }
                  <span>More</span>
                </div>
                <table table class="heat-table">
                  <thead>
                    <tr><th scope="col">Day</th>@for (hour of hours; track hour) {<th scope="col">{{ hourLabel(hour) }}</th>}</tr>
                  </thead>
                  <tbody>
                    @for (row of weekRows(shown); track row.name) {
                      <tr><th scope="row">{{ row.name }}</th>@for (cell of row.cells; track $index) {<td>{{ cell }}</td>}</tr>
                    }
                  </tbody>
                </table>
              </app-figure-card>

              <app-figure-card class="wide" [figure]="figure.TopContributors" title="Most active contributors" [query]="query()" [hasTable]="false">
                <div class="table-scroll whole" tabindex="0" aria-label="Most active contributors">
                  <table class="contributors" data-testid="contributors">
                    <thead>
                      <tr><th scope="col">#</th><th scope="col">Name</th><th scope="col" class="num">Messages</th><th scope="col" class="num share">Share</th><th scope="col" class="num">Rooms</th></tr>
                    </thead>
                    <tbody>
                      @for (person of shown.topContributors; track person.sub; let rank = $index) {
                        <tr>
                          <td>{{ rank + 1 }}</td>
                          <th scope="row">{{ person.name }}</th>
                          <td class="num">{{ format(person.messages) }}</td>
                          <td class="num share">{{ share(person.messages, shown.totals.messages.current) }}</td>
                          <td class="num">{{ person.rooms }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              </app-figure-card>
            </div>
          }
        </div>
      } @else {
        <p role="status" class="loading-figures"><span class="spinner small" aria-hidden="true"></span> Loading figures…</p>
      }
    </section>
  `,
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

  private lastFigures: AnalyticsSummary | undefined;
  /** The figures on screen: the last ones loaded, kept (dimmed) during the next load, so nothing jumps. */
  protected readonly figures = computed(() => {
    if (this.summary.error()) this.lastFigures = undefined;
    else if (this.summary.hasValue()) this.lastFigures = this.summary.value();
    return this.lastFigures;
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

  /** The API's own words for a 400 (they name the parameter); nothing for other failures. */
  protected errorDetail(error: Error): string {
    const body = (error as Partial<HttpErrorResponse>).error as Partial<ApiError> | undefined;
    return (error as Partial<HttpErrorResponse>).status === 400 && typeof body?.message === 'string' ? `: ${body.message}` : '';
  }
}
