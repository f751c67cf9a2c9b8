/**
 * What the app tells a person about a failure of the sign-in or the session: what happened, and
 * what fixes it. Made by `describeSignInError` (describe-sign-in-error.ts), the one place errors become words.
 */
export interface SignInProblem {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fix?: string;
  /**
   * The IdP's own words (`error_description`), as it wrote them: for whoever debugs (RFC 6749
   * §4.1.2.1 says they are for the client's developer), shown apart from the app's words, as a quote.
   */
  readonly idpSaid?: string;
}

const unknownProblem = (): SignInProblem => ({
  code: 'unknown',
  title: $localize`Sign-in did not complete`,
  detail: $localize`The sign-in stopped before you were signed in.`,
  fix: $localize`Try again.`,
});

/** The problem the error page was sent (`showSignInProblem`), checked, from the navigation's state. */
export function readSignInProblem(state: unknown): SignInProblem {
  const problem = (state as { problem?: unknown } | null)?.problem;
  if (typeof problem !== 'object' || problem === null) return unknownProblem();
  const { code, title, detail, fix, idpSaid } = problem as Record<string, unknown>;
  if (typeof code !== 'string' || typeof title !== 'string' || typeof detail !== 'string') return unknownProblem();
  return { code, title, detail, ...(typeof fix === 'string' ? { fix } : {}), ...(typeof idpSaid === 'string' ? { idpSaid } : {}) };
}
