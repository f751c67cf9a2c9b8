import type { Router } from '@angular/router';
import { AppPath } from '@app/contracts';
import { loadSignInProblem } from './sign-in-problem-words';

/** Which step failed, as the console says it (for developers: not translated). */
export type SignInStepLabel = 'Sign-in could not start' | 'Sign-in failed';

/**
 * Shows `error` on the sign-in error page, in words with the fix, replacing the current history entry
 * (the page that failed must not be a Back-button trap). Logs its code for whoever debugs.
 */
export async function showSignInProblem(router: Router, error: unknown, appOrigin: string, step: SignInStepLabel): Promise<boolean> {
  const problem = await loadSignInProblem(error, appOrigin);
  console.error(`${step}:`, problem.code, error instanceof Error ? error.message : error);
  return router.navigateByUrl(AppPath.SignInError, { replaceUrl: true, state: { problem } });
}
