/**
 * Why a request the token worker made to the IdP failed, as plain data: errors lose their class and
 * fields when they cross `postMessage`, so the worker describes them with this and the page turns
 * them back into an {@link IdpRequestError}.
 */
export type IdpFailure =
  /** The IdP answered, but the browser hid the answer: the IdP does not allow this app's origin (CORS). */
  | { readonly kind: 'cors'; readonly idpOrigin: string }
  /** No answer at all: the IdP is down or the network is. */
  | { readonly kind: 'unreachable'; readonly idpOrigin: string }
  /** No answer in time. */
  | { readonly kind: 'timeout'; readonly idpOrigin: string }
  /** The IdP answered with a server error (HTTP 5xx) and no OAuth error: it is failing or restarting. */
  | { readonly kind: 'unavailable'; readonly idpOrigin: string; readonly status: number }
  /** The IdP's error answer to the authorization request, in the callback (RFC 6749 §4.1.2.1), such as `access_denied`. */
  | { readonly kind: 'authorization_error'; readonly error: string; readonly description: string | undefined }
  /** An OAuth error response of the token endpoint (RFC 6749 §5.2), such as `invalid_grant`. */
  | { readonly kind: 'refused'; readonly error: string; readonly description: string | undefined }
  /** The answer failed a check (oauth4webapi's code, e.g. `OAUTH_JWT_TIMESTAMP_CHECK_FAILED`). */
  | { readonly kind: 'invalid_response'; readonly code: string | undefined; readonly message: string }
  /** The worker holds no refresh token (never got one, or lost it). */
  | { readonly kind: 'no_refresh_token' }
  /** The worker was asked to talk to another IdP than the one it holds tokens for. */
  | { readonly kind: 'other_idp' }
  | { readonly kind: 'unexpected'; readonly message: string };

/** Which exchange with the IdP failed: redeeming the sign-in code, renewing, or revoking. */
export type IdpStep = 'sign-in' | 'renewal' | 'revocation';

export class IdpRequestError extends Error {
  override readonly name = 'IdpRequestError';
  readonly failure: IdpFailure;
  readonly step: IdpStep;

  constructor(failure: IdpFailure, step: IdpStep) {
    super(`${step} failed: ${failure.kind}${failure.kind === 'refused' || failure.kind === 'authorization_error' ? ` (${failure.error})` : ''}`);
    this.failure = failure;
    this.step = step;
  }

  /**
   * Whether waiting may fix it: the IdP or the network is down or slow. The session is kept and the
   * renewal retried; anything else needs a new sign-in.
   */
  get isTransient(): boolean {
    const { kind } = this.failure;
    return kind === 'unreachable' || kind === 'timeout' || kind === 'unavailable';
  }
}
