import { SignInError } from './sign-in-error';

/**
 * What the browser must remember across the redirect to the IdP and back: the PKCE verifier, the
 * `state` and `nonce` it sent, and where the user wanted to go. It lives in `sessionStorage` (this tab
 * only), keyed by its `state`, and is deleted as soon as the callback reads it: a replayed or forged
 * callback finds nothing.
 */
export interface SignInAttempt {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnUrl: string | null;
  readonly createdAt: number;
  /** A silent re-authentication (`prompt=none`): if the IdP needs the user, sign in the usual way. */
  readonly silent?: boolean;
}

const KEY_PREFIX = 'signin.attempt.';

/** How long a sign-in attempt stays valid: the time a person may take on the IdP's login page. */
export const SIGN_IN_ATTEMPT_LIFETIME_MS = 10 * 60 * 1000;

export function saveSignInAttempt(storage: Storage, attempt: SignInAttempt): void {
  storage.setItem(KEY_PREFIX + attempt.state, JSON.stringify(attempt));
}

/**
 * Removes and returns the attempt that sent `state`. Throws a {@link SignInError} when there is none
 * (a forged, replayed or other tab's callback) or when it is older than
 * {@link SIGN_IN_ATTEMPT_LIFETIME_MS}. Expired attempts of abandoned sign-ins are pruned on the way.
 *
 * @see [RFC 9700 §4.7 - Cross Site Request Forgery](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.7)
 */
export function takeSignInAttempt(storage: Storage, state: string | null, now = Date.now()): SignInAttempt {
  const key = KEY_PREFIX + (state ?? '');
  const stored = state ? storage.getItem(key) : null;
  pruneExpiredAttempts(storage, now);
  if (stored === null) {
    throw new SignInError('unknown_state', 'This sign-in response does not match a sign-in started in this tab.');
  }
  storage.removeItem(key);
  const attempt = parseAttempt(stored);
  if (!attempt || attempt.state !== state) {
    throw new SignInError('unknown_state', 'The stored sign-in attempt is unreadable.');
  }
  if (isExpired(attempt, now)) {
    throw new SignInError('expired_state', 'This sign-in took too long and has expired.');
  }
  return attempt;
}

function pruneExpiredAttempts(storage: Storage, now: number): void {
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
    (key): key is string => key !== null && key.startsWith(KEY_PREFIX),
  );
  for (const key of keys) {
    const attempt = parseAttempt(storage.getItem(key));
    if (!attempt || isExpired(attempt, now)) storage.removeItem(key);
  }
}

function isExpired(attempt: SignInAttempt, now: number): boolean {
  return now - attempt.createdAt > SIGN_IN_ATTEMPT_LIFETIME_MS;
}

function parseAttempt(stored: string | null): SignInAttempt | null {
  if (stored === null) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return isSignInAttempt(value) ? value : null;
  } catch {
    return null;
  }
}

function isSignInAttempt(value: unknown): value is SignInAttempt {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['state'] === 'string' &&
    typeof v['nonce'] === 'string' &&
    typeof v['codeVerifier'] === 'string' &&
    (v['returnUrl'] === null || typeof v['returnUrl'] === 'string') &&
    typeof v['createdAt'] === 'number' &&
    (v['silent'] === undefined || typeof v['silent'] === 'boolean')
  );
}
