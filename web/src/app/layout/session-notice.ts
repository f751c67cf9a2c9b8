import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Session } from '../auth/session';

/** Under the top bar: a problem with the signed-in session (the IdP cannot be reached…), what it means and what to do. */
@Component({
  selector: 'app-session-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.problem(); as problem) {
      <div class="session-notice" role="alert" data-testid="session-problem">
        <p><strong>{{ problem.title }}.</strong> {{ problem.detail }}</p>
        @if (problem.fix) {
          <p class="muted">{{ problem.fix }}</p>
        }
        <button type="button" class="button" (click)="session.retryNow()" i18n>Try now</button>
      </div>
    }
  `,
})
export class SessionNotice {
  protected readonly session = inject(Session);
}
