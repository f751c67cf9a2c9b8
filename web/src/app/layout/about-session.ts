import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
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
      <div><dt>Bound to this browser</dt><dd data-testid="token-binding">{{ binding() }}</dd></div>
      <div><dt>Next renewal</dt><dd>{{ renews() }}</dd></div>
      <div><dt>Last renewal</dt><dd>{{ last() }}</dd></div>
      <div>
        <dt>Other tabs</dt>
        <dd>{{ session.sharedAcrossTabs ? 'One renewal at a time for all tabs, its result shared with them' : 'Each tab renews on its own (this browser lacks Web Locks or BroadcastChannel)' }}</dd>
      </div>
      <div><dt>Clock tolerance</dt><dd>{{ tolerance }} s</dd></div>
    </dl>
    <details class="for-support">
      <summary>For your administrator</summary>
      <p>
        <code>npm run doctor -- --tokens -</code> checks how the identity provider’s tokens suit this app. Copy this
        tab’s tokens to paste them there, and nowhere else: {{ copyWarning() }}
      </p>
      <button type="button" class="button" (click)="copyTokens()">Copy tokens for the doctor</button>
      <p class="muted" aria-live="polite" data-testid="copy-status">{{ copyStatus() }}</p>
    </details>
  `,
})
export class AboutSession {
  protected readonly session = inject(Session);
  private readonly clipboard = inject(DOCUMENT).defaultView?.navigator.clipboard;
  protected readonly copyStatus = signal('');
  protected readonly tolerance = CLOCK_TOLERANCE_SECONDS;
  protected readonly strategy = computed(() => STRATEGY_WORDS[this.session.renewalStrategy()]);
  protected readonly binding = computed(() => bindingWords(this.session.dpopJkt()));
  protected readonly copyWarning = computed(() =>
    this.session.dpopJkt() === null
      ? 'until they expire, they let whoever holds them act as you.'
      : 'they are bound to this browser’s key, so a copy alone cannot call the app, but they say who you are and what you may do.',
  );
  protected readonly expires = computed(() => timeOf(this.session.expiresAt(), 'never'));
  protected readonly renews = computed(() => timeOf(this.session.renewsAt(), 'not needed'));
  protected readonly last = computed(() => {
    const renewal = this.session.lastRenewal();
    return renewal ? `${timeOf(renewal.at, '')}, by ${renewal.by}` : 'not yet';
  });

  protected async copyTokens(): Promise<void> {
    const tokens = this.session.tokensForDoctor();
    if (tokens === null || this.clipboard === undefined) {
      this.copyStatus.set(tokens === null ? 'No tokens to copy: you are not signed in.' : 'This browser does not let the page copy.');
      return;
    }
    try {
      await this.clipboard.writeText(tokens);
      this.copyStatus.set('Copied. Paste them into the doctor, then clear your clipboard.');
    } catch {
      this.copyStatus.set('The browser refused to copy (the page must have the focus).');
    }
  }
}

/** RFC 9449 in a sentence: what the binding means for a copied token, and the key's thumbprint to compare with the doctor's. */
function bindingWords(jkt: string | null): string {
  if (jkt === null) return 'No: bearer tokens, which work for whoever holds a copy until they expire (the identity provider does not bind them to a key here)';
  return `Yes (DPoP): every request is signed with a key this browser keeps and cannot export, so a copied token is refused elsewhere. Key ${jkt.slice(0, 8)}…`;
}

function timeOf(epochMs: number | null, otherwise: string): string {
  return epochMs === null || !Number.isFinite(epochMs) ? otherwise : new Date(epochMs).toLocaleTimeString();
}
