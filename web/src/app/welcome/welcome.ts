import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';
import { Session } from '../auth/session';

/** `/`: what this app is, and the way in. Signed-in users never see it (see `signedOutGuard`). */
@Component({
  selector: 'app-welcome',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow welcome">
      @if (session.signedOutElsewhere()) {
        <p class="notice" role="status" i18n>You signed out in another tab.</p>
      }
      <h1 i18n>Welcome to Teamspace</h1>
      <p i18n>Chat with your colleagues and see how the team uses the app.</p>
      <p class="muted" i18n>You sign in with your company account. This app never sees your password.</p>
      <div class="actions">
        <a class="button primary" [routerLink]="paths.SignIn" i18n>Sign in</a>
      </div>
    </section>
  `,
})
export class Welcome {
  protected readonly paths = AppPath;
  protected readonly session = inject(Session);
}
