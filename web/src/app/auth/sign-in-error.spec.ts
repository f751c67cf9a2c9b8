import * as oauth from 'oauth4webapi';
import { SignInError, describeSignInError } from './sign-in-error';

const origin = 'https://app.example.com';

describe('describeSignInError', () => {
  it('names the app origin the IdP must allow when the token endpoint cannot be reached (CORS)', () => {
    const problem = describeSignInError(new SignInError('token_endpoint_unreachable', 'x'), origin);
    expect(problem.code).toBe('token_endpoint_unreachable');
    expect(problem.fix).toContain(origin);
  });

  it('explains a cancelled sign-in from the IdP error response', () => {
    const error = new oauth.AuthorizationResponseError('x', {
      cause: new URLSearchParams({ error: 'access_denied', error_description: 'End-User aborted interaction' }),
    });
    const problem = describeSignInError(error, origin);
    expect(problem.code).toBe('access_denied');
    expect(problem.title).toBe('Sign-in was cancelled');
    expect(problem.detail).toContain('End-User aborted interaction');
  });

  it('keeps an unknown IdP error code visible to pass on to an administrator', () => {
    const error = new oauth.AuthorizationResponseError('x', { cause: new URLSearchParams({ error: 'temporarily_unavailable' }) });
    expect(describeSignInError(error, origin).detail).toContain('temporarily_unavailable');
  });

  it('says an unknown state is not valid in this tab', () => {
    expect(describeSignInError(new SignInError('unknown_state', 'x'), origin).title).toBe('This sign-in link is not valid here');
  });
});
