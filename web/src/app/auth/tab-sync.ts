import { DestroyRef, Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { AppPath } from '@app/contracts';
import { landingPath } from './landing';
import { SessionChannel, type SessionMessage, type SharedSession } from './session-channel';
import { SessionEnd } from './session-end';
import { SessionStore, type SessionChange } from './session-store';

/**
 * Keeping step with the other tabs (session-channel.ts), both ways. Out: this tab's sign-in, each
 * renewal it makes, and the user's sign-out, as the store reports them. In: another tab's sign-out
 * ends this tab's session; its sign-in shows here; its fresher tokens for the same user replace
 * this tab's (and spare it a renewal).
 */
@Injectable({ providedIn: 'root' })
export class TabSync {
  private readonly router = inject(Router);
  private readonly channel = inject(SessionChannel);
  private readonly store = inject(SessionStore);
  private readonly sessionEnd = inject(SessionEnd);

  constructor() {
    const stopListening = this.channel.listen((message) => this.received(message));
    const stopFollowing = this.store.onChange((change) => this.tellOtherTabs(change));
    inject(DestroyRef).onDestroy(() => {
      stopListening();
      stopFollowing();
    });
  }

  private tellOtherTabs(change: SessionChange): void {
    if (change.kind === 'ended') {
      if (change.why === 'signed-out') this.channel.post({ type: 'signed-out' });
      return;
    }
    const session = this.store.shared();
    if (change.by === 'this tab' && session !== null) this.channel.post({ type: change.kind, session });
  }

  private received(message: SessionMessage): void {
    switch (message.type) {
      case 'signed-out':
        return this.sessionEnd.endedByAnotherTab();
      case 'signed-in':
      case 'renewed':
        return this.sharedByAnotherTab(message);
    }
  }

  private sharedByAnotherTab(message: Extract<SessionMessage, { session: SharedSession }>): void {
    const { session } = message;
    const current = this.store.tokens();
    const user = this.store.user();
    if (current && user) {
      // Same user, fresher tokens: use them, and skip this tab's own renewal.
      if (session.user.sub !== user.sub || session.expiresAt <= current.expiresAt) return;
      this.store.adopted(session, 'renewed');
      return;
    }
    if (message.type !== 'signed-in' || this.store.state() !== 'signed-out') return;
    // Signed in in another tab: show it here too. This tab holds no refresh token of its own; it uses
    // the other tabs' renewals, or renews by silent re-authentication.
    this.store.adopted(session, 'signed-in');
    if (this.router.url === AppPath.Home) void this.router.navigateByUrl(landingPath(session.user.roles, null), { replaceUrl: true });
  }
}
