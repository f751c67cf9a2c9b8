/**
 * What the app tells a person about a failure of the sign-in or the session: what happened, and
 * what fixes it. Made by `describeSignInError` (sign-in-error.ts), the one place errors become words.
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
