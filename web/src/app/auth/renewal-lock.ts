import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

/** The Web Locks name every tab of the app renews under. */
export const RENEWAL_LOCK_NAME = 'teamspace.session.renewal';

/**
 * One renewal at a time across every tab of the app (Web Locks). Each tab's refresh token is its own
 * rotation chain, so two tabs renewing at once would not replay a token; but only one of them needs
 * to: whoever gets the lock after another tab held it is told so (`waited`), and looks for that tab's
 * tokens (shared by session-channel.ts) before making a request. Without Web Locks, renewals are
 * serialised within the tab only.
 *
 * @see [Web Locks API](https://w3c.github.io/web-locks/)
 */
@Injectable({ providedIn: 'root' })
export class RenewalLock {
  private readonly locks = inject(DOCUMENT).defaultView?.navigator.locks;
  private queue: Promise<unknown> = Promise.resolve();

  /** Whether tabs coordinate (Web Locks), or each tab only serialises its own renewals. */
  readonly acrossTabs = this.locks !== undefined;

  /** Runs `task` holding the lock; `waited` says whether another tab held it first. */
  async run<T>(task: (waited: boolean) => Promise<T>): Promise<T> {
    const locks = this.locks;
    if (!locks) {
      const result = this.queue.then(() => task(false), () => task(false));
      this.queue = result.catch(() => undefined);
      return result;
    }
    const first = await locks.request(RENEWAL_LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? { value: await task(false) } : null,
    );
    return first ? first.value : locks.request(RENEWAL_LOCK_NAME, () => task(true));
  }
}
