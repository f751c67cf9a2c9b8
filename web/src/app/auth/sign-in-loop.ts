import { SIGN_IN_LOOP_WINDOW_MS } from './clock';

/**
 * The redirect-loop breaker. The app sends the user to sign in by itself when a session fails (the
 * API refuses a renewed token, the IdP refuses the refresh token) or must be renewed by a silent
 * re-authentication. If the session that the last sign-in produced fails within
 * {@link SIGN_IN_LOOP_WINDOW_MS}, signing in again is not helping: it is the second failure in a row,
 * and the app stops and shows the error instead of bouncing between itself and the IdP forever.
 *
 * The time of the last completed sign-in lives in this tab's `sessionStorage`, as it must survive
 * the round trip through the IdP. It is not a secret.
 */
const COMPLETED_AT_KEY = 'signin.completedAt';

export function noteSignInCompleted(storage: Storage, now = Date.now()): void {
  storage.setItem(COMPLETED_AT_KEY, String(now));
}

/** Whether an automatic sign-in now would repeat one that just failed. */
export function isSignInLooping(storage: Storage, now = Date.now()): boolean {
  const completedAt = Number(storage.getItem(COMPLETED_AT_KEY));
  return Number.isFinite(completedAt) && completedAt > 0 && now - completedAt < SIGN_IN_LOOP_WINDOW_MS;
}
