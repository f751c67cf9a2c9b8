import { DOCUMENT, Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, type OnInit, inject } from '@angular/core';
import { Router } from '@angular/router';
import { AppPath } from '@app/contracts';
import { SignInFlow } from './sign-in-flow';
import { Busy } from '../layout/busy';
import { showSignInProblem } from './show-sign-in-problem';

/**
 * `/auth/callback`: where the IdP sends the browser back. Reads the response, removes `code` and
 * `state` from the address bar and the history at once, finishes the sign-in, then goes on (or, when
 * a silent re-authentication found that the IdP needs the user, the flow has left for it already).
 */
@Component({
  selector: 'app-callback',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Busy],
  template: `<app-busy i18n-message message="Signing you in…" />`,
})
export class Callback implements OnInit {
  private readonly signIn = inject(SignInFlow);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly document = inject(DOCUMENT);

  ngOnInit(): void {
    const callbackUrl = new URL(this.document.location.href);
    this.location.replaceState(AppPath.AuthCallback);
    void this.finish(callbackUrl);
  }

  private async finish(callbackUrl: URL): Promise<void> {
    // A reload of this page after its answer was read: nothing to finish, nothing was forged.
    if (callbackUrl.search === '') {
      await this.router.navigateByUrl(AppPath.Home, { replaceUrl: true });
      return;
    }
    try {
      const outcome = await this.signIn.complete(callbackUrl);
      if (outcome.kind === 'signed-in') await this.router.navigateByUrl(outcome.landing, { replaceUrl: true });
    } catch (error) {
      await showSignInProblem(this.router, error, this.document.location.origin, 'Sign-in failed');
    }
  }
}
