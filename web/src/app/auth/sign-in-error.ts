import * as oauth from 'oauth4webapi';

/** Failures of the sign-in flow that this app detects itself (the IdP's own come from oauth4webapi). */
export type SignInErrorCode =
  | 'unknown_state'
  | 'expired_state'
  | 'config_unavailable'
  | 'token_endpoint_unreachable'
  | 'profile_unavailable';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly code: SignInErrorCode;

  constructor(code: SignInErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** What the sign-in error page tells a person: what happened, and what fixes it. */
export interface SignInProblem {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fix?: string;
}

/** Turns anything the sign-in flow threw into words a person can act on. */
export function describeSignInError(error: unknown, appOrigin: string): SignInProblem {
  if (error instanceof SignInError) return describeOwnError(error, appOrigin);
  if (error instanceof oauth.AuthorizationResponseError) {
    return describeIdpError(error.error, error.error_description, 'authorization');
  }
  if (error instanceof oauth.ResponseBodyError) {
    return describeIdpError(error.error, error.error_description, 'token');
  }
  if (error instanceof oauth.OperationProcessingError) {
    return {
      code: error.code ?? 'invalid_response',
      title: 'The identity provider’s answer did not pass validation',
      detail: `The sign-in was stopped because a check failed: ${error.message}`,
      fix: 'Try again. If it keeps failing, the app and the identity provider disagree on their settings (issuer, client id, clock): tell your administrator.',
    };
  }
  return {
    code: 'unexpected',
    title: 'Sign-in failed',
    detail: error instanceof Error ? error.message : 'An unexpected error stopped the sign-in.',
  };
}

function describeOwnError(error: SignInError, appOrigin: string): SignInProblem {
  switch (error.code) {
    case 'unknown_state':
      return {
        code: error.code,
        title: 'This sign-in link is not valid here',
        detail:
          'The answer from the identity provider does not belong to a sign-in started in this tab. It may be an old or copied link, or a forged one: nothing was exchanged.',
        fix: 'Start the sign-in again from this tab.',
      };
    case 'expired_state':
      return {
        code: error.code,
        title: 'This sign-in has expired',
        detail: 'Too much time passed between starting the sign-in and coming back.',
        fix: 'Start the sign-in again.',
      };
    case 'config_unavailable':
      return {
        code: error.code,
        title: 'The app cannot reach its server',
        detail: 'The sign-in settings could not be loaded from this app’s server.',
        fix: 'Check your connection and try again in a moment.',
      };
    case 'token_endpoint_unreachable':
      return {
        code: error.code,
        title: 'The identity provider cannot be reached from this page',
        detail:
          'The browser could not call the identity provider’s token endpoint. Either the network is down, or the identity provider does not allow this app’s origin (CORS).',
        fix: `If the network is fine: the identity provider’s administrator must allow the web origin ${appOrigin} for this app’s client (CORS on the token endpoint).`,
      };
    case 'profile_unavailable':
      return {
        code: error.code,
        title: 'Signed in, but the app could not load your profile',
        detail: 'The identity provider signed you in, but this app’s server did not accept the access token.',
        fix: 'Try again. If it keeps failing, the app server and the identity provider disagree on the token audience or issuer: tell your administrator.',
      };
  }
}

function describeIdpError(code: string, description: string | undefined, step: 'authorization' | 'token'): SignInProblem {
  const said = description ? ` The identity provider said: “${description}”.` : '';
  switch (code) {
    case 'access_denied':
      return {
        code,
        title: 'Sign-in was cancelled',
        detail: `The sign-in was cancelled or the identity provider refused it.${said}`,
        fix: 'Sign in again when you are ready.',
      };
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
      return {
        code,
        title: 'The identity provider needs you to sign in',
        detail: `Your session at the identity provider has ended or needs your confirmation.${said}`,
        fix: 'Sign in again.',
      };
    case 'invalid_grant':
      return {
        code,
        title: 'This sign-in could not be completed',
        detail: `The one-time sign-in code expired or was already used.${said}`,
        fix: 'Start the sign-in again.',
      };
    case 'invalid_client':
    case 'unauthorized_client':
      return {
        code,
        title: 'The identity provider does not recognise this app',
        detail: `The identity provider refused this app’s client registration.${said}`,
        fix: 'The identity provider’s administrator must register this app as a public client (no secret) with PKCE, and its redirect URI.',
      };
    default:
      return {
        code,
        title: 'The identity provider refused the sign-in',
        detail: `Error “${code}” at the ${step} step.${said}`,
        fix: 'Try again. If it keeps failing, tell your administrator the error code above.',
      };
  }
}
