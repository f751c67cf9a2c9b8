import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, type OnInit, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { SignInFlow } from './sign-in-flow';
import { Busy } from '../layout/busy';
import { showSignInProblem } from './show-sign-in-problem';

/** `/auth/sign-in?returnUrl=…`: leaves for the IdP at once; shows a short message meanwhile. */
@Component({
  selector: 'app-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Busy],
  template: `<app-busy i18n-message message="Taking you to your company’s sign-in page…" />`,
})
export class SignIn implements OnInit {
  /** The page to come back to, from the query string; validated before use. */
  readonly returnUrl = input<string | null>(null);

  private readonly signIn = inject(SignInFlow);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  ngOnInit(): void {
    this.signIn.begin(this.returnUrl()).catch((error: unknown) => {
      void showSignInProblem(this.router, error, this.document.location.origin, 'Sign-in could not start');
    });
  }
}
