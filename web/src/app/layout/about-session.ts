import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { CLOCK_TOLERANCE_SECONDS } from '../auth/clock';
import { Session, type Renewal, type RenewalStrategy } from '../auth/session';
import { perLocale } from '../locale/app-locale';

/** "About this session": how it is renewed and when, for the curious and for support. */
@Component({
  selector: 'app-about-session',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="about-title" i18n>About this session</h2>
    <dl class="about">
      <div><dt i18n>Access token expires</dt><dd data-testid="session-expires">{{ expires() }}</dd></div>
      <div><dt i18n>Renewed</dt><dd data-testid="renewal-strategy">{{ strategy() }}</dd></div>
      <div>
        <dt i18n>Bound to this browser</dt>
        @if (keyPrefix(); as key) {
          <dd data-testid="token-binding" i18n>Yes (DPoP): every request is signed with a key this browser keeps and cannot export, so a copied token is refused elsewhere. Key {{ key }}…</dd>
        } @else {
          <dd data-testid="token-binding" i18n>No: bearer tokens, which work for whoever holds a copy until they expire (the identity provider does not bind them to a key here)</dd>
        }
      </div>
      <div><dt i18n>Next renewal</dt><dd>{{ renews() }}</dd></div>
      <div><dt i18n>Last renewal</dt><dd>{{ last() }}</dd></div>
      <div>
        <dt i18n>Other tabs</dt>
        @if (session.sharedAcrossTabs) {
          <dd i18n>One renewal at a time for all tabs, its result shared with them</dd>
        } @else {
          <dd i18n>Each tab renews on its own (this browser lacks Web Locks or BroadcastChannel)</dd>
        }
      </div>
      <div><dt i18n>Clock tolerance</dt><dd>{{ tolerance }}</dd></div>
    </dl>
    <details class="for-support">
      <summary i18n>For your administrator</summary>
      @if (keyPrefix() === null) {
        <p i18n>
          <code>npm run doctor -- --tokens -</code> checks how the identity provider’s tokens suit this app. Copy this
          tab’s tokens to paste them there, and nowhere else: until they expire, they let whoever holds them act as you.
        </p>
      } @else {
        <p i18n>
          <code>npm run doctor -- --tokens -</code> checks how the identity provider’s tokens suit this app. Copy this
          tab’s tokens to paste them there, and nowhere else: they are bound to this browser’s key, so a copy alone cannot
          call the app, but they say who you are and what you may do.
        </p>
      }
      <button type="button" class="button" (click)="copyTokens()" i18n>Copy tokens for the doctor</button>
      <p class="muted" aria-live="polite" data-testid="copy-status">{{ copyStatus() }}</p>
    </details>
  `,
})
export class AboutSession {
  protected readonly session = inject(Session);
  private readonly clipboard = inject(DOCUMENT).defaultView?.navigator.clipboard;
  protected readonly copyStatus = signal('');
  protected readonly tolerance = formatSeconds(CLOCK_TOLERANCE_SECONDS);
  protected readonly strategy = computed(() => describeStrategy(this.session.renewalStrategy()));
  protected readonly expires = computed(() => timeOf(this.session.expiresAt()) ?? $localize`:the access token expires:never`);
  protected readonly renews = computed(() => timeOf(this.session.renewsAt()) ?? $localize`:next renewal:not needed`);
  /** RFC 9449: the start of the key's thumbprint (`jkt`), to compare with the doctor's; `null` when tokens are bearer. */
  protected readonly keyPrefix = computed(() => this.session.dpopJkt()?.slice(0, 8) ?? null);
  protected readonly last = computed(() => {
    const renewal = this.session.lastRenewal();
    return renewal === null ? $localize`:last renewal:not yet` : describeRenewal(renewal);
  });

  protected async copyTokens(): Promise<void> {
    const tokens = this.session.tokensForDoctor();
    if (tokens === null || this.clipboard === undefined) {
      this.copyStatus.set(tokens === null ? $localize`No tokens to copy: you are not signed in.` : $localize`This browser does not let the page copy.`);
      return;
    }
    try {
      await this.clipboard.writeText(tokens);
      this.copyStatus.set($localize`Copied. Paste them into the doctor, then clear your clipboard.`);
    } catch {
      this.copyStatus.set($localize`The browser refused to copy (the page must have the focus).`);
    }
  }
}

function describeStrategy(strategy: RenewalStrategy): string {
  switch (strategy) {
    case 'refresh-token':
      return $localize`with a rotated refresh token, held by this tab’s token worker (out of the page’s reach)`;
    case 'silent-reauthentication':
      return $localize`by a silent re-authentication at the identity provider (prompt=none), which brings you back to this page: this tab holds no refresh token`;
  }
}

function describeRenewal({ at, by }: Renewal): string {
  const time = timeOf(at) ?? '';
  return by === 'this tab' ? $localize`${time}:time:, by this tab` : $localize`${time}:time:, by another tab`;
}

const times = perLocale((locale) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }));
const seconds = perLocale((locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short' }));

/** A time of day in the reader's locale and time zone; `null` for none. */
function timeOf(epochMs: number | null): string | null {
  return epochMs === null || !Number.isFinite(epochMs) ? null : times().format(epochMs);
}

function formatSeconds(value: number): string {
  return seconds().format(value);
}
