import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ChatState } from './chat-state';

/** A small line saying when live updates are not flowing, and a way to try at once. Says nothing while live. */
@Component({
  selector: 'app-stream-status-line',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div role="status" class="stream-status" data-testid="stream-status">
      @switch (state.streamStatus()) {
        @case ('connecting') {
          <span class="stream-dot connecting" aria-hidden="true"></span> <ng-container i18n>Connecting…</ng-container>
        }
        @case ('reconnecting') {
          <span class="stream-dot reconnecting" aria-hidden="true"></span>
          @switch (state.streamWait()) {
            @case ('too-many-streams') { <ng-container i18n>Too many live connections from your network. Reconnecting…</ng-container> }
            @case ('server-full') { <ng-container i18n>The server is busy. Reconnecting…</ng-container> }
            @default { <ng-container i18n>Reconnecting…</ng-container> }
          }
          @if (secondsLeft() !== null) {
            <span class="muted" i18n>in {{ secondsLeft() }} s</span>
            <button type="button" class="link-button" (click)="state.reconnectNow()" i18n>Now</button>
          }
        }
        @case ('too-many-tabs') {
          <span class="stream-dot refused" aria-hidden="true"></span> <ng-container i18n>Paused</ng-container>
        }
        @case ('refused') {
          <span class="stream-dot refused" aria-hidden="true"></span> <ng-container i18n>Live updates refused</ng-container>
        }
        @case ('live') {
          <span class="stream-dot live" aria-hidden="true"></span><span class="cdk-visually-hidden" i18n>Live</span>
        }
      }
    </div>
  `,
})
export class StreamStatusLine {
  protected readonly state = inject(ChatState);
  protected readonly secondsLeft = computed(() => {
    const at = this.state.streamRetryAt();
    return at === null ? null : Math.max(0, Math.ceil((at - this.state.now()) / 1000));
  });
}
