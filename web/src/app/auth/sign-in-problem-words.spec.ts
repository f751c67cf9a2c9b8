import { describeSignInError } from './describe-sign-in-error';
import { IdpRequestError } from './idp-failure';
import { SignInError } from './sign-in-error';
import { describeWithoutWords, loadSignInProblem } from './sign-in-problem-words';

const origin = 'https://app.example.com';

describe('loadSignInProblem', () => {
  it('describes a failure with the words of its lazy chunk', async () => {
    const error = new IdpRequestError({ kind: 'authorization_error', error: 'access_denied', description: 'End-User aborted interaction' }, 'sign-in');
    expect(await loadSignInProblem(error, origin)).toEqual(describeSignInError(error, origin));
  });
});

describe('describeWithoutWords (the words could not be loaded)', () => {
  it('keeps the code of the app’s own error', () => {
    expect(describeWithoutWords(new SignInError('config_unavailable', 'GET /api/config failed')).code).toBe('config_unavailable');
  });

  it('keeps the IdP’s own error code', () => {
    const refused = new IdpRequestError({ kind: 'refused', error: 'invalid_grant', description: undefined }, 'renewal');
    expect(describeWithoutWords(refused).code).toBe('invalid_grant');
  });

  it('names the kind of a failure the IdP gave no code for', () => {
    expect(describeWithoutWords(new IdpRequestError({ kind: 'unreachable', idpOrigin: 'https://idp.example.com' }, 'renewal')).code).toBe('idp_unreachable');
  });

  it('tells the person the connection may be down, and what to do', () => {
    const problem = describeWithoutWords(new Error('boom'));
    expect(problem).toMatchObject({ code: 'unexpected', title: 'Sign-in failed' });
    expect(problem.detail).toContain('connection');
    expect(problem.fix).toContain('reload');
  });
});
