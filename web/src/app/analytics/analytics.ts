import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ApiPath, type AnalyticsSummary } from '@app/contracts';
import { Session } from '../auth/session';

/** `/analytics` (role `analytics`): how the team uses the app. */
@Component({
  selector: 'app-analytics',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h1>Analytics</h1>
      <p class="muted">Signed in as {{ session.user()?.name }}.</p>
      @if (summary.isLoading()) {
        <p role="status">Loading figures…</p>
      } @else if (summary.error()) {
        <div role="alert" class="problem">
          <p>The figures could not be loaded.</p>
          <button type="button" class="button" (click)="summary.reload()">Try again</button>
        </div>
      } @else if (summary.value(); as figures) {
        <dl class="figures" data-testid="summary">
          <div><dt>Messages</dt><dd>{{ figures.messages }}</dd></div>
          <div><dt>Active users</dt><dd>{{ figures.activeUsers }}</dd></div>
          <div><dt>Rooms</dt><dd>{{ figures.rooms }}</dd></div>
        </dl>
        @if (figures.messages === 0) {
          <p class="empty">No messages yet: the figures fill in as the team chats.</p>
        }
      }
    </section>
  `,
})
export class Analytics {
  protected readonly session = inject(Session);
  protected readonly summary = httpResource<AnalyticsSummary>(() => ApiPath.AnalyticsSummary);
}
