import { SIGN_IN_LOOP_WINDOW_MS } from './clock';
import { isSignInLooping, noteSignInCompleted } from './sign-in-loop';

describe('the redirect-loop breaker', () => {
  beforeEach(() => sessionStorage.clear());

  it('lets the first automatic sign-in of a tab through', () => {
    expect(isSignInLooping(sessionStorage, 5_000)).toBe(false);
  });

  it('stops an automatic sign-in right after a sign-in completed: the fresh session failed at once', () => {
    noteSignInCompleted(sessionStorage, 1_000);
    expect(isSignInLooping(sessionStorage, 1_000 + SIGN_IN_LOOP_WINDOW_MS - 1)).toBe(true);
  });

  it('lets a sign-in through once the last one has lasted', () => {
    noteSignInCompleted(sessionStorage, 1_000);
    expect(isSignInLooping(sessionStorage, 1_000 + SIGN_IN_LOOP_WINDOW_MS)).toBe(false);
  });

  it('ignores a tampered value', () => {
    sessionStorage.setItem('signin.completedAt', 'soon');
    expect(isSignInLooping(sessionStorage, 5_000)).toBe(false);
  });
});
