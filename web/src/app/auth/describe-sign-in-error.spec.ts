import { HttpErrorResponse } from '@angular/common/http';
import * as oauth from 'oauth4webapi';
import { CLOCK_TOLERANCE_SECONDS } from './clock';
import { IdpRequestError, type IdpFailure, type IdpStep } from './idp-failure';
import { describeSignInError } from './describe-sign-in-error';
import { SignInError } from './sign-in-error';

const origin = 'https://app.example.com';
const idpOrigin = 'https://idp.example.com';

function authorizationError(error: string, description?: string) {
  const params = new URLSearchParams({ error, ...(description ? { error_description: description } : {}) });
  return new oauth.AuthorizationResponseError('x', { cause: params });
}

function workerError(failure: IdpFailure, step: IdpStep = 'renewal') {
  return describeSignInError(new IdpRequestError(failure, step), origin);
}

describe('describeSignInError', () => {
  it('explains a cancelled sign-in from the IdP error response', () => {
    const problem = describeSignInError(authorizationError('access_denied', 'End-User aborted interaction'), origin);
    expect(problem.code).toBe('access_denied');
    expect(problem.title).toBe('Sign-in was cancelled');
    // The IdP's own words (for developers, in its language) apart from the app's.
    expect(problem.idpSaid).toBe('End-User aborted interaction');
    expect(problem.detail).not.toContain('End-User aborted interaction');
  });

  it('login_required: the IdP session ended, sign in again', () => {
    const problem = describeSignInError(authorizationError('login_required'), origin);
    expect(problem.title).toBe('You need to sign in again');
    expect(problem.fix).toBe('Sign in again.');
  });

  it('consent_required: approve the app, or have the administrator mark it first-party', () => {
    const problem = describeSignInError(authorizationError('consent_required'), origin);
    expect(problem.title).toBe('The identity provider needs your approval');
    expect(problem.fix).toContain('first-party');
  });

  it('interaction_required: follow the IdP’s own pages', () => {
    const problem = describeSignInError(authorizationError('interaction_required'), origin);
    expect(problem.title).toBe('The identity provider needs you to do something');
  });

  it('invalid_grant when redeeming the code: the code expired or was used', () => {
    const problem = workerError({ kind: 'refused', error: 'invalid_grant', description: 'grant request is invalid' }, 'sign-in');
    expect(problem.title).toBe('This sign-in could not be completed');
    expect(problem.idpSaid).toBe('grant request is invalid');
  });

  it('invalid_grant when renewing: the session has ended, sign in again', () => {
    const problem = workerError({ kind: 'refused', error: 'invalid_grant', description: undefined });
    expect(problem.title).toBe('Your session has ended');
    expect(problem.fix).toBe('Sign in again.');
  });

  it('invalid_client: the administrator must register the app as a public client with PKCE', () => {
    const problem = workerError({ kind: 'refused', error: 'invalid_client', description: undefined }, 'sign-in');
    expect(problem.title).toBe('The identity provider does not recognise this app');
    expect(problem.fix).toContain('public client');
  });

  it('a CORS refusal (TypeError: Failed to fetch, yet the IdP answered) names our origin and what the IdP admin must change', () => {
    const problem = workerError({ kind: 'cors', idpOrigin }, 'sign-in');
    expect(problem.code).toBe('idp_cors_refused');
    expect(problem.detail).toContain('Failed to fetch');
    expect(problem.detail).toContain(idpOrigin);
    expect(problem.fix).toContain(`add ${origin} to the allowed web origins (CORS)`);
  });

  it('an IdP that cannot be reached during a renewal: the user stays signed in and the app retries', () => {
    const problem = workerError({ kind: 'unreachable', idpOrigin });
    expect(problem.title).toBe('The identity provider cannot be reached');
    expect(problem.detail).toContain(idpOrigin);
    expect(problem.detail).toContain('You stay signed in');
  });

  it('a clock too far from the IdP’s: names the tolerance and the fix', () => {
    const problem = describeSignInError(new oauth.OperationProcessingError('"iat" claim timestamp check failed', { code: oauth.JWT_TIMESTAMP_CHECK }), origin);
    expect(problem.code).toBe('clock_skew');
    expect(problem.detail).toContain(`${CLOCK_TOLERANCE_SECONDS} seconds`);
    expect(problem.fix).toContain('date and time');
  });

  it('the same clock problem reported by the token worker reads the same', () => {
    expect(workerError({ kind: 'invalid_response', code: oauth.JWT_TIMESTAMP_CHECK, message: 'x' }, 'sign-in').code).toBe('clock_skew');
  });

  it('keeps an unknown IdP error code visible to pass on to an administrator', () => {
    expect(describeSignInError(authorizationError('temporarily_unavailable'), origin).detail).toContain('temporarily_unavailable');
  });

  it('says an unknown state is not valid in this tab', () => {
    expect(describeSignInError(new SignInError('unknown_state', 'x'), origin).title).toBe('This sign-in link is not valid here');
  });

  it('says an expired state has expired, and to start again', () => {
    const problem = describeSignInError(new SignInError('expired_state', 'x'), origin);
    expect(problem.title).toBe('This sign-in has expired');
    expect(problem.fix).toBe('Start the sign-in again.');
  });

  it('a redirect loop says the app stopped, and gives the last failure’s words and fix', () => {
    const loop = new SignInError('redirect_loop', 'x', { cause: new SignInError('session_rejected', 'y') });
    const problem = describeSignInError(loop, origin);
    expect(problem.code).toBe('redirect_loop (session_rejected)');
    expect(problem.title).toBe('Sign-in keeps failing, so the app stopped trying');
    expect(problem.detail).toContain('The app’s server does not accept your sign-in');
    expect(problem.fix).toContain('audience, issuer or signing keys');
  });

  describe('when the app’s server refuses the access token right after sign-in', () => {
    function refusedProfile(reason: string, status = 401) {
      const cause = new HttpErrorResponse({ status, error: { error: 'invalid_token', message: 'refused', reason } });
      return describeSignInError(new SignInError('profile_unavailable', 'GET /api/me failed', { cause }), origin);
    }

    it('tells a typ refusal apart, and names OIDC_PROVIDER and OIDC_ACCESS_TOKEN_TYP', () => {
      const problem = refusedProfile('token_type');
      expect(problem.code).toBe('api_refused_token_type');
      expect(problem.detail).toContain('at+jwt');
      expect(problem.fix).toContain('OIDC_ACCESS_TOKEN_TYP');
    });

    it('tells an audience refusal apart, and names OIDC_AUDIENCE', () => {
      const problem = refusedProfile('audience');
      expect(problem.code).toBe('api_refused_audience');
      expect(problem.fix).toContain('OIDC_AUDIENCE');
      expect(problem.fix).not.toContain('OIDC_ISSUER');
    });

    it('tells an issuer refusal apart, and names OIDC_ISSUER', () => {
      const problem = refusedProfile('issuer');
      expect(problem.code).toBe('api_refused_issuer');
      expect(problem.fix).toContain('OIDC_ISSUER');
      expect(problem.fix).not.toContain('OIDC_AUDIENCE');
    });

    it('tells a token taken for an ID token apart, and names the claim settings', () => {
      const problem = refusedProfile('id_token');
      expect(problem.code).toBe('api_refused_id_token');
      expect(problem.fix).toContain('OIDC_ACCESS_TOKEN_CLAIMS');
    });

    it('tells a kid the server has no key for apart, and names the key settings (a rotation an OIDC_JWKS_FILE missed)', () => {
      const problem = refusedProfile('unknown_key');
      expect(problem.code).toBe('api_refused_unknown_key');
      expect(problem.fix).toContain('OIDC_JWKS_FILE');
    });

    it('tells an unknown critical header apart', () => {
      const problem = refusedProfile('critical_header');
      expect(problem.code).toBe('api_refused_critical_header');
      expect(problem.detail).toContain('crit');
    });

    it('falls back to the general words when the server gave no reason, or it was not a refusal', () => {
      expect(refusedProfile('', 401).code).toBe('profile_unavailable');
      expect(refusedProfile('audience', 500).code).toBe('profile_unavailable');
    });

    it('explains a renewed token the API refused, by its reason too', () => {
      const cause = new HttpErrorResponse({ status: 401, error: { error: 'invalid_token', message: 'refused', reason: 'audience' } });
      expect(describeSignInError(new SignInError('session_rejected', 'x', { cause }), origin).code).toBe('api_refused_audience');
    });
  });
});
