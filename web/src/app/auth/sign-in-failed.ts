import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';
import { describeSignInError } from './sign-in-error';
import type { SignInProblem } from './sign-in-problem';

const unknownProblem = (): SignInProblem => ({
  code: 'unknown',
  title: $localize`Sign-in did not complete`,
  detail: $localize`The sign-in stopped before you were signed in.`,
  fix: $localize`Try again.`,
});

/** `/auth/error`: what went wrong with the sign-in, what fixes it, and a way to try again. */
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
  protected readonly problem = readProblem(inject(Location).getState());
}

function readProblem(state: unknown): SignInProblem {
  const problem = (state as { problem?: unknown } | null)?.problem;
  if (typeof problem !== 'object' || problem === null) return unknownProblem();
  const { code, title, detail, fix, idpSaid } = problem as Record<string, unknown>;
  if (typeof code !== 'string' || typeof title !== 'string' || typeof detail !== 'string') return unknownProblem();
  return { code, title, detail, ...(typeof fix === 'string' ? { fix } : {}), ...(typeof idpSaid === 'string' ? { idpSaid } : {}) };
}

/** Which step failed, as the console says it (for developers: not translated). */
export type SignInStepLabel = 'Sign-in could not start' | 'Sign-in failed';

/**
 * Shows `error` on the sign-in error page, in words with the fix, replacing the current history entry
 * (the page that failed must not be a Back-button trap). Logs its code for whoever debugs.
 */
export function showSignInProblem(router: Router, error: unknown, appOrigin: string, step: SignInStepLabel): Promise<boolean> {
  const problem = describeSignInError(error, appOrigin);
  console.error(`${step}:`, problem.code, error instanceof Error ? error.message : error);
  return router.navigateByUrl(AppPath.SignInError, { replaceUrl: true, state: { problem } });
}
