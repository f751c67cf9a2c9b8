import { ErrorCode, TokenRefusal } from '@app/contracts';
import { ProblemError, type Problem } from '../problem.ts';
import { BEARER_ONLY, challengeOf, NO_STORE, type ChallengeScope } from './challenge.ts';

/**
 * The token guard's errors, jose-style: one base class, a stable `code` per subclass, so callers
 * `switch (error.code)` and TypeScript narrows. Messages are fixed ASCII text (they end up in a
 * `WWW-Authenticate` quoted-string, RFC 6750 §3) and never repeat anything from the token.
 *
 * Each answers as RFC 6750 §3 and §3.1 (and RFC 9449 §7.1) say, with a challenge per scheme the
 * API accepts (see challenge.ts):
 * - no credentials: 401, `Bearer realm="api"` (and `DPoP algs="…"`) with no error code;
 * - a malformed request (two `Authorization` headers): 400, `error="invalid_request"`;
 * - a bad token: 401, `error="invalid_token"`, and in the body a `reason` code (`audience`,
 *   `token_type`…) so the SPA can say what to fix;
 * - a DPoP-bound token whose proof is missing, bad or replayed: 401, `error="invalid_dpop_proof"`
 *   (RFC 9449 §7.1), with a `reason` too;
 * - a valid token without the role: 403, `error="insufficient_scope"`;
 * - no key to verify with (the IdP unreachable, the key file broken): 503 with `Retry-After`
 *   (our failure, not the client's).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */

/** A broken `OIDC_JWKS_FILE` needs an operator; clients may still retry now and then. */
const JWKS_FILE_RETRY_AFTER_SECONDS = 60;

/** Base class of every error the token guard throws. */
export abstract class AuthError extends ProblemError {
  abstract readonly code: string;
  /** What its challenge offers: Bearer only, unless the auth plugin says which schemes the API takes. */
  protected scope: ChallengeScope = BEARER_ONLY;

  /** Answers with the challenges of `scope` (the schemes `OIDC_DPOP` accepts, the one the request used). */
  within(scope: ChallengeScope): this {
    this.scope = scope;
    return this;
  }

  /** The `WWW-Authenticate` header of this answer. */
  protected challenge(error?: string, description?: string): Readonly<Record<string, string>> {
    return { 'www-authenticate': challengeOf(this.scope, error, description) };
  }

  /** The log line: the error code (and why a token was refused), never the token or its claims. */
  protected logged(level: 'info' | 'warn' = 'info'): Problem['log'] {
    return { level, fields: { auth: this.code }, message: this.message };
  }

  /** A 401 refusing the credential as `error`, with the `reason` the SPA turns into words. */
  protected refused(error: ErrorCode, reason: TokenRefusal): Problem {
    return {
      statusCode: 401,
      headers: { ...NO_STORE, ...this.challenge(error, this.message) },
      body: { error, message: this.message, reason },
      log: { level: 'info', fields: { auth: this.code, reason }, message: this.message },
    };
  }
}

/** The request carries no bearer token (RFC 6750 §3.1: answer without an error code). */
export class MissingTokenError extends AuthError {
  readonly code = 'ERR_MISSING_TOKEN';

  constructor() {
    super('This resource needs a bearer access token');
  }

  toProblem(): Problem {
    return {
      statusCode: 401,
      headers: { ...NO_STORE, ...this.challenge() },
      body: { error: ErrorCode.Unauthorized, message: this.message },
      log: this.logged(),
    };
  }
}

/**
 * The request is malformed in a way RFC 6750 §3.1 calls `invalid_request` (400): here, more than one
 * `Authorization` header, so we could not know which credential the client meant.
 */
export class InvalidRequestError extends AuthError {
  readonly code = 'ERR_INVALID_REQUEST';

  toProblem(): Problem {
    return {
      statusCode: 400,
      headers: { ...NO_STORE, ...this.challenge(ErrorCode.InvalidRequest, this.message) },
      body: { error: ErrorCode.InvalidRequest, message: this.message },
      log: this.logged(),
    };
  }
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
  readonly code = 'ERR_INVALID_TOKEN';
  /** Why, as a stable code the response carries (`reason`), the log says and the SPA turns into words. */
  readonly reason: TokenRefusal;
  readonly hint: MisconfigurationHint | undefined;

  constructor(message: string, reason: TokenRefusal, { hint, ...options }: InvalidTokenOptions = {}) {
    super(message, options);
    this.reason = reason;
    this.hint = hint;
  }

  toProblem(): Problem {
    return this.refused(ErrorCode.InvalidToken, this.reason);
  }
}

/** Why a DPoP proof was refused: `dpop_proof` (missing, malformed or failing a check) or `dpop_replay`. */
export type DpopProofRefusal = typeof TokenRefusal.DpopProof | typeof TokenRefusal.DpopReplay;

/**
 * The DPoP proof that must come with a DPoP-bound access token is missing, fails a check of RFC
 * 9449 §4.3, or was used before: `invalid_dpop_proof` (RFC 9449 §7.1, §12.2), 401, with a `reason`.
 */
export class InvalidDpopProofError extends AuthError {
  readonly code = 'ERR_INVALID_DPOP_PROOF';
  readonly reason: DpopProofRefusal;

  constructor(message: string, reason: DpopProofRefusal = TokenRefusal.DpopProof, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }

  toProblem(): Problem {
    return this.refused(ErrorCode.InvalidDpopProof, this.reason);
  }
}

/**
 * The memory of DPoP proofs already seen is full of proofs still within their time window: a new
 * proof cannot be checked for replay, so it is not accepted (fail closed). Our limit, not the
 * client's fault: 503 with `Retry-After`, until the oldest entries age out.
 */
export class ReplayCacheFullError extends AuthError {
  readonly code = 'ERR_DPOP_REPLAY_CACHE_FULL';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('Too many requests to check for replay right now, try again later');
    this.retryAfterSeconds = retryAfterSeconds;
  }

  toProblem(): Problem {
    return {
      statusCode: 503,
      headers: { ...NO_STORE, 'retry-after': String(Math.max(1, this.retryAfterSeconds)) },
      body: { error: ErrorCode.ServiceUnavailable, message: this.message },
      log: this.logged('warn'),
    };
  }
}

/** The token is valid but does not grant the role the route needs (RFC 6750 §3.1 `insufficient_scope`). */
export class InsufficientRoleError extends AuthError {
  readonly code = 'ERR_INSUFFICIENT_ROLE';
  readonly role: string;

  constructor(role: string) {
    super(`This resource needs the ${role} role`);
    this.role = role;
  }

  toProblem(): Problem {
    return {
      statusCode: 403,
      headers: { ...NO_STORE, ...this.challenge(ErrorCode.InsufficientScope, this.message) },
      body: { error: ErrorCode.InsufficientScope, message: this.message },
      log: this.logged(),
    };
  }
}

/**
 * The IdP's keys (or its discovery document) cannot be fetched right now. Our problem, not the
 * client's: 503 with `Retry-After`, never 401 and never 500.
 */
export class KeysUnavailableError extends AuthError {
  readonly code = 'ERR_KEYS_UNAVAILABLE';
  /** Seconds until the next attempt is allowed. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, options?: ErrorOptions) {
    super('The identity provider keys are unavailable, try again later', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  toProblem(): Problem {
    return {
      statusCode: 503,
      headers: { ...NO_STORE, 'retry-after': String(Math.max(1, this.retryAfterSeconds)) },
      body: { error: ErrorCode.ServiceUnavailable, message: this.message },
      log: this.logged('warn'),
    };
  }
}

/** The configured JWKS file is missing, not a JWKS, or holds private or symmetric keys. */
export class JwksFileError extends AuthError {
  readonly code = 'ERR_JWKS_FILE_INVALID';

  toProblem(): Problem {
    return {
      statusCode: 503,
      headers: { ...NO_STORE, 'retry-after': String(JWKS_FILE_RETRY_AFTER_SECONDS) },
      // The message names the file's path: for the log, not the client.
      body: { error: ErrorCode.ServiceUnavailable, message: 'The identity provider keys are unavailable' },
      log: this.logged('warn'),
    };
  }
}

/** Every concrete guard error, narrowed by `code`. */
export type AnyAuthError =
  | MissingTokenError
  | InvalidRequestError
  | InvalidTokenError
  | InvalidDpopProofError
  | ReplayCacheFullError
  | InsufficientRoleError
  | KeysUnavailableError
  | JwksFileError;
