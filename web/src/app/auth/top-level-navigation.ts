import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

/**
 * Leaving the app for the IdP (authorization, RP-initiated logout): a top-level navigation, never an
 * iframe. A service of its own so the session's tests can see where it would go.
 */
@Injectable({ providedIn: 'root' })
export class TopLevelNavigation {
  private readonly location = inject(DOCUMENT).location;

  /** Goes to `url`, replacing this page in the history: Back must not return to a page that redirects again. */
  replace(url: string): void {
    this.location.replace(url);
  }

  /** Goes to `url`, keeping this page in the history. */
  assign(url: string): void {
    this.location.assign(url);
  }
}
