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
          <span class="stream-dot connecting" aria-hidden="true"></span> Connecting…
        }
        @case ('reconnecting') {
          <span class="stream-dot reconnecting" aria-hidden="true"></span>
          @switch (state.streamWait()) {
            @case ('too-many-streams') { Too many live connections from your network. Reconnecting… }
            @case ('server-full') { The server is busy. Reconnecting… }
            @default { Reconnecting… }
          }
          @if (secondsLeft() !== null) {
            <span class="muted">in {{ secondsLeft() }} s</span>
            <button type="button" class="link-button" (click)="state.reconnectNow()">Now</button>
          }
        }
        @case ('too-many-tabs') {
          <span class="stream-dot refused" aria-hidden="true"></span> Paused
        }
        @case ('refused') {
          <span class="stream-dot refused" aria-hidden="true"></span> Live updates refused
        }
        @case ('live') {
          <span class="stream-dot live" aria-hidden="true"></span><span class="cdk-visually-hidden">Live</span>
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
