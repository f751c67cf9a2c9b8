import * as oauth from 'oauth4webapi';
import { CLOCK_TOLERANCE_SECONDS } from './clock';
import { IdpRequestError, type IdpFailure, type IdpStep } from './idp-failure';
import { SignInError } from './sign-in-error';
import type { SignInProblem } from './sign-in-problem';
import { describeTokenRefusal } from './token-refusal';

/**
 * Turns anything the sign-in or the session's renewal threw into words a person can act on. The one
 * place where errors become words: the error page, the session banner and the console all use it.
 * Most of these words are never needed, so this module is a lazy chunk: load it with
 * `loadSignInProblem` (sign-in-problem-words.ts), never with a static import from app code.
 */
export function describeSignInError(error: unknown, appOrigin: string): SignInProblem {
  if (error instanceof SignInError) return describeOwnError(error, appOrigin);
  if (error instanceof IdpRequestError) return describeIdpFailure(error.failure, error.step, appOrigin);
  if (error instanceof oauth.AuthorizationResponseError) {
    return describeIdpError(error.error, error.error_description, 'authorization');
  }
  if (error instanceof oauth.ResponseBodyError) {
    return describeIdpError(error.error, error.error_description, 'sign-in');
  }
  if (error instanceof oauth.OperationProcessingError) return describeInvalidResponse(error.code, error.message);
  return {
    code: 'unexpected',
    title: $localize`Sign-in failed`,
    detail: error instanceof Error ? $localize`An unexpected error stopped the sign-in: ${error.message}:message:` : $localize`An unexpected error stopped the sign-in.`,
  };
}

function describeOwnError(error: SignInError, appOrigin: string): SignInProblem {
  switch (error.code) {
    case 'unknown_state':
      return {
        code: error.code,
        title: $localize`This sign-in link is not valid here`,
        detail:
          $localize`The answer from the identity provider does not belong to a sign-in started in this tab. It may be an old or copied link, or a forged one: nothing was exchanged.`,
        fix: $localize`Start the sign-in again from this tab.`,
      };
    case 'expired_state':
      return {
        code: error.code,
        title: $localize`This sign-in has expired`,
        detail: $localize`Too much time passed between starting the sign-in and coming back.`,
        fix: $localize`Start the sign-in again.`,
      };
    case 'config_unavailable':
      return {
        code: error.code,
        title: $localize`The app cannot reach its server`,
        detail: $localize`The sign-in settings could not be loaded from this app’s server.`,
        fix: $localize`Check your connection and try again in a moment.`,
      };
    case 'profile_unavailable':
      return describeTokenRefusal(error.cause) ?? {
        code: error.code,
        title: $localize`Signed in, but the app could not load your profile`,
        detail: $localize`The identity provider signed you in, but this app’s server did not accept the access token.`,
        fix: $localize`Try again. If it keeps failing, the app server and the identity provider disagree on the token audience or issuer: tell your administrator.`,
      };
    case 'token_keeper_unavailable':
      return {
        code: error.code,
        title: $localize`Your browser could not start the app’s sign-in worker`,
        detail: $localize`The app keeps your session in a background worker, out of the page’s reach. It did not start, or it stopped.`,
        fix: $localize`Reload the page. If it keeps failing, update your browser or disable extensions that block scripts on ${appOrigin}:appOrigin:.`,
      };
    case 'session_rejected':
      return describeTokenRefusal(error.cause) ?? {
        code: error.code,
        title: $localize`The app’s server does not accept your sign-in`,
        detail: $localize`The app’s server refused your access token, and then a freshly renewed one too.`,
        fix: $localize`Sign in again. If it keeps happening, the app server and the identity provider disagree on the token audience, issuer or signing keys: tell your administrator.`,
      };
    case 'redirect_loop':
      return describeLoop(error, appOrigin);
  }
}

/** The sign-in failed again right after it had failed: say so, and what the last failure was. */
function describeLoop(error: SignInError, appOrigin: string): SignInProblem {
  const last = error.cause === undefined ? undefined : describeSignInError(error.cause, appOrigin);
  const lastWords = last ? $localize` The last error was: ${last.title}:title:. ${last.detail}:detail:` : '';
  return {
    code: last ? `redirect_loop (${last.code})` : error.code,
    title: $localize`Sign-in keeps failing, so the app stopped trying`,
    detail: $localize`You were signed in again, but the new session failed within seconds, like the one before it. To keep you out of an endless loop between this app and the identity provider, the app stopped here.${lastWords}:lastError:`,
    fix: last?.fix ?? $localize`Try again in a moment. If it happens again, tell your administrator the error code below.`,
  };
}

function describeIdpFailure(failure: IdpFailure, step: IdpStep, appOrigin: string): SignInProblem {
  const keptSignedIn = step === 'renewal' ? $localize` You stay signed in: the app tries again by itself and carries on as soon as it answers.` : '';
  switch (failure.kind) {
    case 'cors':
      return {
        code: 'idp_cors_refused',
        title: $localize`The identity provider does not allow this app’s origin`,
        detail: $localize`The identity provider at ${failure.idpOrigin}:idpOrigin: answered, but your browser hid the answer: the identity provider does not allow requests from this app’s origin, ${appOrigin}:appOrigin: (CORS). The browser reports this as “TypeError: Failed to fetch”.`,
        fix: $localize`The identity provider’s administrator must add ${appOrigin}:appOrigin: to the allowed web origins (CORS) of this app’s client, for its token and revocation endpoints. Nothing needs to change in the app.`,
      };
    case 'unreachable':
      return {
        code: 'idp_unreachable',
        title: $localize`The identity provider cannot be reached`,
        detail: $localize`No answer from ${failure.idpOrigin}:idpOrigin:: it may be down, or your network may be offline.${keptSignedIn}:keptSignedIn:`,
        fix: $localize`Check your connection. If it is fine, the sign-in service itself is down: ask your IT service desk.`,
      };
    case 'timeout':
      return {
        code: 'idp_timeout',
        title: $localize`The identity provider is not answering`,
        detail: $localize`${failure.idpOrigin}:idpOrigin: did not answer in time.${keptSignedIn}:keptSignedIn:`,
        fix: $localize`Check your connection. If it is fine, the sign-in service is overloaded or down: ask your IT service desk.`,
      };
    case 'unavailable':
      return {
        code: 'idp_unavailable',
        title: $localize`The identity provider is having trouble`,
        detail: $localize`${failure.idpOrigin}:idpOrigin: answered with a server error (HTTP ${failure.status}:status:).${keptSignedIn}:keptSignedIn:`,
        fix: $localize`Wait a moment. If it lasts, ask your IT service desk whether the sign-in service is down.`,
      };
    case 'authorization_error':
      return describeIdpError(failure.error, failure.description, 'authorization');
    case 'refused':
      return describeIdpError(failure.error, failure.description, step);
    case 'invalid_response':
      return describeInvalidResponse(failure.code, failure.message);
    case 'other_idp':
      return {
        code: 'idp_changed',
        title: $localize`The app’s sign-in settings changed`,
        detail: $localize`The app is now configured for another identity provider than the one you signed in with.`,
        fix: $localize`Reload the page and sign in again.`,
      };
    case 'no_refresh_token':
    case 'unexpected':
      return {
        code: 'unexpected',
        title: $localize`Your session could not be renewed`,
        detail: failure.kind === 'unexpected' ? $localize`An unexpected error stopped the renewal: ${failure.message}:message:` : $localize`This tab holds no refresh token.`,
        fix: $localize`Sign in again.`,
      };
  }
}

function describeInvalidResponse(code: string | undefined, message: string): SignInProblem {
  if (code === oauth.JWT_TIMESTAMP_CHECK) {
    return {
      code: 'clock_skew',
      title: $localize`Your device’s clock seems to be wrong`,
      detail: $localize`The identity provider’s tokens look issued in the future or already expired: this device’s clock differs from the identity provider’s by more than ${CLOCK_TOLERANCE_SECONDS}:seconds: seconds.`,
      fix: $localize`Set your device’s date and time to update automatically, then sign in again.`,
    };
  }
  return {
    code: code ?? 'invalid_response',
    title: $localize`The identity provider’s answer did not pass validation`,
    detail: $localize`The sign-in was stopped because a check failed: ${message}:message:`,
    fix: $localize`Try again. If it keeps failing, the app and the identity provider disagree on their settings (issuer, client id, clock): tell your administrator.`,
  };
}

function describeIdpError(code: string, description: string | undefined, step: IdpStep | 'authorization'): SignInProblem {
  switch (code) {
    case 'access_denied':
      return {
        code,
        title: $localize`Sign-in was cancelled`,
        detail: $localize`The sign-in was cancelled or the identity provider refused it.`,
        idpSaid: description,
        fix: $localize`Sign in again when you are ready.`,
      };
    case 'login_required':
      return {
        code,
        title: $localize`You need to sign in again`,
        detail: $localize`Your session at the identity provider has ended, so it could not sign you in without asking.`,
        idpSaid: description,
        fix: $localize`Sign in again.`,
      };
    case 'consent_required':
      return {
        code,
        title: $localize`The identity provider needs your approval`,
        detail: $localize`The identity provider needs you to approve this app before it signs you in.`,
        idpSaid: description,
        fix: $localize`Sign in again and approve the app when asked. If no approval screen appears, the identity provider’s administrator must mark this app as trusted (first-party).`,
      };
    case 'interaction_required':
      return {
        code,
        title: $localize`The identity provider needs you to do something`,
        detail: $localize`The identity provider needs you on its own pages before it signs you in (for example to accept terms or confirm your identity).`,
        idpSaid: description,
        fix: $localize`Sign in again and follow the identity provider’s instructions.`,
      };
    case 'invalid_grant':
      return step === 'renewal'
        ? {
            code,
            title: $localize`Your session has ended`,
            detail: $localize`The identity provider no longer accepts this app’s refresh token: you signed out elsewhere, the session expired, or an administrator ended it.`,
            idpSaid: description,
            fix: $localize`Sign in again.`,
          }
        : {
            code,
            title: $localize`This sign-in could not be completed`,
            detail: $localize`The one-time sign-in code expired or was already used.`,
            idpSaid: description,
            fix: $localize`Start the sign-in again.`,
          };
    case 'invalid_client':
    case 'unauthorized_client':
      return {
        code,
        title: $localize`The identity provider does not recognise this app`,
        detail: $localize`The identity provider refused this app’s client registration.`,
        idpSaid: description,
        fix: $localize`The identity provider’s administrator must register this app as a public client (no secret) with PKCE, its redirect URI, and the refresh_token grant.`,
      };
    default:
      return {
        code,
        title: $localize`The identity provider refused the sign-in`,
        detail: $localize`Error “${code}:code:” at the ${describeStep(step)}:step: step.`,
        idpSaid: description,
        fix: $localize`Try again. If it keeps failing, tell your administrator the error code above.`,
      };
  }
}

/** A step of the exchange with the IdP, as the error page names it. */
function describeStep(step: IdpStep | 'authorization'): string {
  switch (step) {
    case 'authorization':
      return $localize`:step of the sign-in:authorization`;
    case 'sign-in':
      return $localize`:step of the sign-in:sign-in`;
    case 'renewal':
      return $localize`:step of the sign-in:renewal`;
    case 'revocation':
      return $localize`:step of the sign-in:revocation`;
  }
}
