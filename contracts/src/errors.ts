/**
 * The `error` codes of the API's JSON error bodies. The auth codes are RFC 6750 §3.1's, so the body
 * and the `WWW-Authenticate` header say the same thing.
 */
export const ErrorCode = {
  /** No credentials were sent (RFC 6750 §3.1: the response then carries no error code in the header). */
  Unauthorized: 'unauthorized',
  InvalidRequest: 'invalid_request',
  InvalidToken: 'invalid_token',
  /** The DPoP proof sent with a DPoP-bound token is missing, invalid or replayed (RFC 9449 §7.1, §12.2). */
  InvalidDpopProof: 'invalid_dpop_proof',
  InsufficientScope: 'insufficient_scope',
  /** The token is fine, but this is not the caller's to change (another user's chat message). */
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  /** The request clashes with what exists: a room name taken, a retried post whose message was deleted. HTTP 409. */
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  /** The request's headers exceed the server's cap (HTTP 431). */
  HeaderFieldsTooLarge: 'header_fields_too_large',
  /** The client took too long to send its request (HTTP 408). */
  RequestTimeout: 'request_timeout',
  UnsupportedMediaType: 'unsupported_media_type',
  /**
   * An `Idempotency-Key` already used for a different request (another room or text). HTTP 422, as
   * draft-ietf-httpapi-idempotency-key-header ("Error Scenarios") says; a client bug, never a retry.
   */
  IdempotencyKeyReused: 'idempotency_key_reused',
  TooManyRequests: 'too_many_requests',
  /**
   * Too many live chat streams from one client address (HTTP 429 with `Retry-After`): close tabs,
   * or wait. (One user's own streams are never refused: a new one closes their oldest.)
   */
  TooManyStreams: 'too_many_streams',
  /** This instance holds as many live streams as it may (HTTP 503 with `Retry-After`): reconnect later, perhaps elsewhere. */
  StreamsFull: 'streams_full',
  /** The analytics figures took longer than the server allows (HTTP 503 with `Retry-After`): ask for less, or later. */
  AnalyticsTimeout: 'analytics_timeout',
  ServiceUnavailable: 'service_unavailable',
  /** The database cannot be reached for now (HTTP 503 with `Retry-After`): send the request again later. */
  DatabaseUnavailable: 'database_unavailable',
  Internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why an access token was refused (`invalid_token`), as a stable code beside the fixed message, so
 * the SPA can say what to fix. Each tells apart a cause that needs a different setting changed.
 */
export const TokenRefusal = {
  /** Not a JWT, or not one we can read. */
  Malformed: 'malformed',
  /** A signing algorithm outside the allow-list (RFC 8725 §3.1). */
  Algorithm: 'algorithm',
  /** No key of the IdP verifies it. */
  Signature: 'signature',
  /** Its `kid` names no key of the IdP's JWKS (the keys are another IdP's, or out of date). */
  UnknownKey: 'unknown_key',
  /** Its `crit` header names an extension this API does not understand (RFC 7515 §4.1.11). */
  CriticalHeader: 'critical_header',
  /** `iss` is not the configured issuer. */
  Issuer: 'issuer',
  /** `aud` does not name our API. */
  Audience: 'audience',
  /** `typ` is not `at+jwt` (and `JWT` is not accepted). */
  TokenType: 'token_type',
  /** An ID token, or a token with nothing that marks an access token. */
  IdToken: 'id_token',
  Expired: 'expired',
  /** `nbf` or `iat` in the future. */
  NotYetValid: 'not_yet_valid',
  /** Issued longer ago than the API accepts (`OIDC_ACCESS_TOKEN_MAX_AGE`). */
  TooOld: 'too_old',
  /**
   * Bound to a key (`cnf`) but sent as a Bearer token, or bound in a way this API cannot check
   * (mTLS), or bound while `OIDC_DPOP=off`.
   */
  SenderConstrained: 'sender_constrained',
  /** A DPoP-bound token whose DPoP proof is missing or fails a check of RFC 9449 §4.3 (`invalid_dpop_proof`). */
  DpopProof: 'dpop_proof',
  /** A DPoP proof already used (its `jti` was seen): a replayed request (RFC 9449 §11.1). */
  DpopReplay: 'dpop_replay',
  /** The DPoP proof is signed by another key than the one the token is bound to, or the token is bound to none (RFC 9449 §7.1). */
  DpopBinding: 'dpop_binding',
  /** A bearer token where the API requires DPoP-bound tokens (`OIDC_DPOP=required`). */
  DpopRequired: 'dpop_required',
  /** A claim of the wrong type or shape. */
  Claims: 'claims',
} as const;

export type TokenRefusal = (typeof TokenRefusal)[keyof typeof TokenRefusal];

/** Every API error response has this body. */
export interface ApiError {
  readonly error: ErrorCode;
  readonly message: string;
  /** With `invalid_token`: why the token was refused. */
  readonly reason?: TokenRefusal;
}
