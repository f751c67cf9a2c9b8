import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CLOCK_TOLERANCE_SECONDS } from '../auth/clock';
import { Session } from '../auth/session';

const STRATEGY_WORDS = {
  'refresh-token': 'with a rotated refresh token, held by this tab’s token worker (out of the page’s reach)',
  'silent-reauthentication':
    'by a silent re-authentication at the identity provider (prompt=none), which brings you back to this page: this tab holds no refresh token',
} as const;

/** "About this session": how it is renewed and when, for the curious and for support. */
@Component({
  selector: 'app-about-session',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="about-title">About this session</h2>
    <dl class="about">
      <div><dt>Access token expires</dt><dd data-testid="session-expires">{{ expires() }}</dd></div>
      <div><dt>Renewed</dt><dd data-testid="renewal-strategy">{{ strategy() }}</dd></div>
      <div><dt>Next renewal</dt><dd>{{ renews() }}</dd></div>
      <div><dt>Last renewal</dt><dd>{{ last() }}</dd></div>
      <div>
        <dt>Other tabs</dt>
        <dd>{{ session.sharedAcrossTabs ? 'One renewal at a time for all tabs, its result shared with them' : 'Each tab renews on its own (this browser lacks Web Locks or BroadcastChannel)' }}</dd>
      </div>
      <div><dt>Clock tolerance</dt><dd>{{ tolerance }} s</dd></div>
    </dl>
  `,
})
export class AboutSession {
  protected readonly session = inject(Session);
  protected readonly tolerance = CLOCK_TOLERANCE_SECONDS;
  protected readonly strategy = computed(() => STRATEGY_WORDS[this.session.renewalStrategy()]);
  protected readonly expires = computed(() => timeOf(this.session.expiresAt(), 'never'));
  protected readonly renews = computed(() => timeOf(this.session.renewsAt(), 'not needed'));
  protected readonly last = computed(() => {
    const renewal = this.session.lastRenewal();
    return renewal ? `${timeOf(renewal.at, '')}, by ${renewal.by}` : 'not yet';
  });
}

function timeOf(epochMs: number | null, otherwise: string): string {
  return epochMs === null || !Number.isFinite(epochMs) ? otherwise : new Date(epochMs).toLocaleTimeString();
}
