import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, type OnInit, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { AppPath } from '@app/contracts';
import { Session } from './session';
import { describeSignInError } from './sign-in-error';

/** `/auth/sign-in?returnUrl=…`: leaves for the IdP at once; shows a short message meanwhile. */
@Component({
  selector: 'app-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="centered" aria-busy="true">
      <div class="spinner" aria-hidden="true"></div>
      <p role="status">Taking you to your company’s sign-in page…</p>
    </section>
  `,
})
export class SignIn implements OnInit {
  /** The page to come back to, from the query string; validated before use. */
  readonly returnUrl = input<string | null>(null);

  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  ngOnInit(): void {
    this.session.beginSignIn(this.returnUrl()).catch((error: unknown) => {
      const problem = describeSignInError(error, this.document.location.origin);
      console.error('Sign-in could not start:', problem.code, error instanceof Error ? error.message : error);
      void this.router.navigateByUrl(AppPath.SignInError, { replaceUrl: true, state: { problem } });
    });
  }
}
