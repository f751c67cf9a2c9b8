/**
 * What the app tells a person about a failure of the sign-in or the session: what happened, and
 * what fixes it. Made by `describeSignInError` (sign-in-error.ts), the one place errors become words.
 */
export interface SignInProblem {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fix?: string;
}
