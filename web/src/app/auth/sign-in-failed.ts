import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';
import { readSignInProblem } from './sign-in-problem';

/**
 * `/auth/error`: what went wrong with the sign-in, what fixes it, and a way to try again. A lazy
 * chunk, preloaded (sign-in-problem-words.ts); the words come described, in the navigation's state.
 */
@Component({
  selector: 'app-sign-in-failed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow" role="alert" aria-labelledby="sign-in-failed-title">
      <h1 id="sign-in-failed-title">{{ problem.title }}</h1>
      <p>{{ problem.detail }}</p>
      @if (problem.fix) {
        <p><strong i18n>What to do:</strong> {{ problem.fix }}</p>
      }
      <p class="muted" i18n>Error code: <code>{{ problem.code }}</code></p>
      @if (problem.idpSaid) {
        <p class="muted"><ng-container i18n>The identity provider said:</ng-container>&ngsp;<q data-testid="idp-said">{{ problem.idpSaid }}</q></p>
      }
      <div class="actions">
        <a class="button primary" [routerLink]="paths.SignIn" i18n>Try again</a>
        <a class="button" [routerLink]="paths.Home" i18n>Home</a>
      </div>
    </section>
  `,
})
export class SignInFailed {
  protected readonly paths = AppPath;
  /** From the navigation that brought us here; `history.state` keeps it across a reload. */
  protected readonly problem = readSignInProblem(inject(Location).getState());
}
