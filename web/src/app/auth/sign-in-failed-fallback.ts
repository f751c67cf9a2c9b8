import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';
import { readSignInProblem } from './sign-in-problem';

/**
 * `/auth/error` when its page (sign-in-failed.ts, a lazy chunk) could not be fetched: the network is
 * down and the chunk was not preloaded yet. The same problem, in a plainer page, rather than none.
 */
@Component({
  selector: 'app-sign-in-failed-fallback',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow" role="alert">
      <h1>{{ problem.title }}</h1>
      <p>{{ problem.detail }} {{ problem.fix }}</p>
      <p class="muted" i18n>Error code: <code>{{ problem.code }}</code></p>
      <a class="button primary" [routerLink]="paths.SignIn" i18n>Try again</a>
    </section>
  `,
})
export class SignInFailedFallback {
  protected readonly paths = AppPath;
  protected readonly problem = readSignInProblem(inject(Location).getState());
}
