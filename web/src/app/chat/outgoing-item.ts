import { ChangeDetectionStrategy, ViewEncapsulation, Component, computed, inject, input } from '@angular/core';
import { Session } from '../auth/session';
import { ChatOutbox } from './chat-outbox';
import { ChatState } from './chat-state';
import { splitLinks } from './message-links';
import type { OutgoingMessage } from './outbox';

/**
 * A message this tab is sending: "Sending…", or "Not sent" with why, when it is tried again by
 * itself, and Retry (the same `Idempotency-Key`, so it is never made twice) or Discard.
 */
@Component({
  selector: 'li[app-outgoing-item]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './outgoing-item.css',
  template: `
    <article class="message-card">
      <header class="message-meta">
        <span class="message-author own">{{ session.user()?.name }}</span>
        <span class="message-state" [class.failed]="failed()" data-testid="outgoing-state">{{ stateLabel() }}</span>
      </header>
      <p class="message-body">@for (part of parts(); track $index) {<span>{{ part.text }}</span>}</p>
      @if (outgoing().status; as status) {
        @if (status.kind === 'failed') {
          <p class="message-problem">{{ problem() }}</p>
          <div class="message-actions always">
            <button type="button" class="button small" (click)="outbox.retry(outgoing().key)" i18n>Retry</button>
            <button type="button" class="button small" (click)="outbox.discard(outgoing().key)" i18n>Discard</button>
          </div>
        }
      }
    </article>
  `,
  host: { class: 'message own outgoing', '[class.failed]': 'failed()', 'data-testid': 'outgoing-message' },
})
export class OutgoingItem {
  readonly outgoing = input.required<OutgoingMessage>();

  protected readonly state = inject(ChatState);
  protected readonly outbox = inject(ChatOutbox);
  protected readonly session = inject(Session);
  /** Links are not live until the message is sent. */
  protected readonly parts = computed(() => splitLinks(this.outgoing().body));
  protected readonly failed = computed(() => this.outgoing().status.kind === 'failed');
  protected readonly stateLabel = computed(() => (this.failed() ? $localize`Not sent` : $localize`Sending…`));
  protected readonly problem = computed(() => {
    const status = this.outgoing().status;
    if (status.kind !== 'failed') return '';
    const { failure, retryAt } = status;
    const seconds = retryAt === null ? null : Math.max(0, Math.ceil((retryAt - this.state.now()) / 1000));
    if (failure.kind === 'rate-limited') return $localize`Sending too fast: try again in ${seconds ?? failure.retryAfterS}:seconds: s.`;
    if (seconds === null) return failure.message;
    return seconds === 0 ? $localize`${failure.message}:reason: Trying again…` : $localize`${failure.message}:reason: Trying again in ${seconds}:seconds: s.`;
  });
}
