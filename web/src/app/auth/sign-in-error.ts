/**
 * The sign-in's own errors, apart from their words (describe-sign-in-error.ts, a lazy chunk): every
 * step of the sign-in throws them, so they are in the initial bundle and must stay small.
 */

/** Failures of the session that this app detects itself (the IdP's own come from oauth4webapi or the token worker). */
export type SignInErrorCode =
  | 'unknown_state'
  | 'expired_state'
  | 'config_unavailable'
  | 'profile_unavailable'
  | 'token_keeper_unavailable'
  | 'session_rejected'
  | 'redirect_loop';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly code: SignInErrorCode;

  constructor(code: SignInErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
