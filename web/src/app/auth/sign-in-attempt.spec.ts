import { SIGN_IN_ATTEMPT_LIFETIME_MS, saveSignInAttempt, takeSignInAttempt, type SignInAttempt } from './sign-in-attempt';
import { SignInError } from './sign-in-error';

function attempt(overrides: Partial<SignInAttempt> = {}): SignInAttempt {
  return { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl: '/chat', createdAt: 1_000, ...overrides };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SignInError ? error.code : 'not a SignInError';
  }
  return undefined;
}

describe('sign-in attempts', () => {
  beforeEach(() => sessionStorage.clear());

  it('returns the attempt that sent this state', () => {
    saveSignInAttempt(sessionStorage, attempt());
    expect(takeSignInAttempt(sessionStorage, 's1', 2_000)).toEqual(attempt());
  });

  it('refuses a callback whose state no attempt sent (forged callback, CSRF)', () => {
    saveSignInAttempt(sessionStorage, attempt());
    expect(codeOf(() => takeSignInAttempt(sessionStorage, 'forged', 2_000))).toBe('unknown_state');
  });

  it('refuses a callback without state', () => {
    saveSignInAttempt(sessionStorage, attempt());
    expect(codeOf(() => takeSignInAttempt(sessionStorage, null, 2_000))).toBe('unknown_state');
  });

  it('refuses to use an attempt twice (replayed callback)', () => {
    saveSignInAttempt(sessionStorage, attempt());
    takeSignInAttempt(sessionStorage, 's1', 2_000);
    expect(codeOf(() => takeSignInAttempt(sessionStorage, 's1', 2_000))).toBe('unknown_state');
  });

  it('refuses an attempt older than its lifetime', () => {
    saveSignInAttempt(sessionStorage, attempt());
    expect(codeOf(() => takeSignInAttempt(sessionStorage, 's1', 1_000 + SIGN_IN_ATTEMPT_LIFETIME_MS + 1))).toBe('expired_state');
  });

  it('keeps concurrent attempts apart, so one does not overwrite another', () => {
    saveSignInAttempt(sessionStorage, attempt({ state: 'a', codeVerifier: 'va' }));
    saveSignInAttempt(sessionStorage, attempt({ state: 'b', codeVerifier: 'vb' }));
    expect(takeSignInAttempt(sessionStorage, 'b', 2_000).codeVerifier).toBe('vb');
    expect(takeSignInAttempt(sessionStorage, 'a', 2_000).codeVerifier).toBe('va');
  });

  it('prunes expired attempts of abandoned sign-ins', () => {
    saveSignInAttempt(sessionStorage, attempt({ state: 'old', createdAt: 0 }));
    saveSignInAttempt(sessionStorage, attempt({ state: 'new', createdAt: SIGN_IN_ATTEMPT_LIFETIME_MS }));
    takeSignInAttempt(sessionStorage, 'new', SIGN_IN_ATTEMPT_LIFETIME_MS + 10);
    expect(sessionStorage.length).toBe(0);
  });

  it('refuses a stored attempt that was tampered into another shape', () => {
    sessionStorage.setItem('signin.attempt.s1', JSON.stringify({ state: 's1', nonce: 42 }));
    expect(codeOf(() => takeSignInAttempt(sessionStorage, 's1', 2_000))).toBe('unknown_state');
  });
});
