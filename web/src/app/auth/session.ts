import { DestroyRef, Injectable, computed, inject } from '@angular/core';
import type { Role } from '@app/contracts';
import { RenewalLock } from './renewal-lock';
import { SessionChannel } from './session-channel';
import { SessionEnd } from './session-end';
import { SessionStore } from './session-store';
import { TabSync } from './tab-sync';
import { TokenRenewal } from './token-renewal';

export type { Renewal, RenewalStrategy, SessionState } from './session-store';

/**
 * The session as the rest of the app sees it: who is signed in and with which roles, how the
 * session is doing, and signing out. A thin face over the auth folder's parts: the state lives in
 * session-store.ts; signing in in sign-in-flow.ts; renewal in token-renewal.ts; the other tabs in
 * tab-sync.ts; every way a session ends in session-end.ts.
 *
 * Injecting it starts the session's machinery in this tab: the renewal's timers and listeners, and
 * the other tabs' messages. The app's shell (the header) injects it at once.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly store = inject(SessionStore);
  private readonly renewal = inject(TokenRenewal);
  private readonly sessionEnd = inject(SessionEnd);

  readonly state = this.store.state;
  /** Who is signed in, as the API sees them (`GET /api/me`), or `null`. */
  readonly user = this.store.user;
  readonly isSignedIn = computed(() => this.store.user() !== null);
  /** A problem the signed-in user should know about (the IdP cannot be reached…), or `null`. */
  readonly problem = this.store.problem;
  readonly renewalStrategy = this.store.renewalStrategy;
  readonly expiresAt = computed(() => this.store.tokens()?.expiresAt ?? null);
  readonly renewsAt = computed(() => this.store.tokens()?.renewAt ?? null);
  /** The thumbprint of this browser's DPoP key when the tokens are bound to it (RFC 9449), else `null`: bearer tokens. */
  readonly dpopJkt = computed(() => this.store.tokens()?.dpopJkt ?? null);
  readonly lastRenewal = this.store.lastRenewal;
  /** Whether renewals are shared between tabs (Web Locks and BroadcastChannel both available). */
  readonly sharedAcrossTabs = inject(RenewalLock).acrossTabs && inject(SessionChannel).available;
  /** Whether this tab was signed out because another tab signed out. */
  readonly signedOutElsewhere = this.store.signedOutElsewhere;

  constructor() {
    inject(TabSync);
    const stopFollowing = this.store.onChange((change) => {
      if (change.kind === 'signed-in') this.announceStrategy();
    });
    inject(DestroyRef).onDestroy(stopFollowing);
  }

  /** Mirrors the API's role check for the user experience; the API still decides. */
  hasRole(role: Role): boolean {
    return this.store.user()?.roles.includes(role) ?? false;
  }

  /**
   * This tab's access and ID tokens as `npm run doctor -- --tokens` reads them, for a person who
   * chose to copy them from "About this session" to diagnose the IdP's settings. The app itself
   * never logs nor sends them anywhere but its own API.
   */
  tokensForDoctor(): string | null {
    const tokens = this.store.tokens();
    if (!tokens) return null;
    return [`access_token=${tokens.accessToken}`, ...(tokens.idToken ? [`id_token=${tokens.idToken}`] : [])].join('\n');
  }

  /** Tries a failed renewal again at once (the user asked). */
  retryNow(): void {
    this.renewal.retryNow();
  }

  /** Signs out here, in every other tab, and at the IdP (see `SessionEnd.signOut`). */
  signOut(): Promise<void> {
    return this.sessionEnd.signOut();
  }

  /** Says in the console how this tab will renew (also shown under "About this session" in the header). */
  private announceStrategy(): void {
    console.debug(`Session: renewal by ${this.renewalStrategy()}${this.sharedAcrossTabs ? ', shared between tabs' : ''}.`);
  }
}
