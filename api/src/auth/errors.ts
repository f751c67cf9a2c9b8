import type { TokenRefusal } from '@app/contracts';

/**
 * The token guard's errors, jose-style: one base class, a stable `code` per subclass, so callers
 * `switch (error.code)` and TypeScript narrows. Messages are fixed ASCII text (they end up in a
 * `WWW-Authenticate` quoted-string, RFC 6750 §3) and never repeat anything from the token.
 */

/** Base class of every error the token guard throws. */
export class AuthError extends Error {
  static code = 'ERR_AUTH';
  code: string = 'ERR_AUTH';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request carries no bearer token (RFC 6750 §3.1: answer without an error code). */
export class MissingTokenError extends AuthError {
  static override code = 'ERR_MISSING_TOKEN' as const;
  override code = 'ERR_MISSING_TOKEN' as const;

  constructor() {
    super('This resource needs a bearer access token');
  }
}

/**
 * The request is malformed in a way RFC 6750 §3.1 calls `invalid_request` (400): here, more than one
 * `Authorization` header, so we could not know which credential the client meant.
 */
export class InvalidRequestError extends AuthError {
  static override code = 'ERR_INVALID_REQUEST' as const;
  override code = 'ERR_INVALID_REQUEST' as const;
}

/**
 * What an operator should change when a token the IdP signed is refused: the app and the IdP
 * disagree. For the log only, never the response. Built from a token whose signature verified, so
 * its values are the IdP's, not an attacker's.
 */
export interface MisconfigurationHint {
  /** The variable that fixes it (`OIDC_AUDIENCE`…). */
  readonly variable: string;
  /** What the token says beside what the API expects, and what to do. */
  readonly detail: string;
}

export interface InvalidTokenOptions extends ErrorOptions {
  readonly hint?: MisconfigurationHint;
}

/** The bearer token is malformed, expired, badly signed or not meant for us (RFC 6750 §3.1 `invalid_token`). */
export class InvalidTokenError extends AuthError {
  static override code = 'ERR_INVALID_TOKEN' as const;
  override code = 'ERR_INVALID_TOKEN' as const;
  /** Why, as a stable code the response carries (`reason`) and the SPA turns into words. */
  readonly reason: TokenRefusal;
  readonly hint: MisconfigurationHint | undefined;

  constructor(message: string, reason: TokenRefusal, { hint, ...options }: InvalidTokenOptions = {}) {
    super(message, options);
    this.reason = reason;
    this.hint = hint;
  }
}

/** The token is valid but does not grant the role the route needs (RFC 6750 §3.1 `insufficient_scope`). */
export class InsufficientRoleError extends AuthError {
  static override code = 'ERR_INSUFFICIENT_ROLE' as const;
  override code = 'ERR_INSUFFICIENT_ROLE' as const;
  readonly role: string;

  constructor(role: string) {
    super(`This resource needs the ${role} role`);
    this.role = role;
  }
}

/**
 * The IdP's keys (or its discovery document) cannot be fetched right now. Our problem, not the
 * client's: 503 with `Retry-After`, never 401 and never 500.
 */
export class KeysUnavailableError extends AuthError {
  static override code = 'ERR_KEYS_UNAVAILABLE' as const;
  override code = 'ERR_KEYS_UNAVAILABLE' as const;
  /** Seconds until the next attempt is allowed. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options?: ErrorOptions) {
    super('The identity provider keys are unavailable, try again later', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The configured JWKS file is missing, not a JWKS, or holds private or symmetric keys. */
export class JwksFileError extends AuthError {
  static override code = 'ERR_JWKS_FILE_INVALID' as const;
  override code = 'ERR_JWKS_FILE_INVALID' as const;
}

/** Every concrete guard error, narrowed by `code`. */
export type AnyAuthError =
  | MissingTokenError
  | InvalidRequestError
  | InvalidTokenError
  | InsufficientRoleError
  | KeysUnavailableError
  | JwksFileError;

export function isAuthError(error: unknown): error is AnyAuthError {
  return error instanceof AuthError;
}
