/**
 * The `error` codes of the API's JSON error bodies. The auth codes are RFC 6750 §3.1's, so the body
 * and the `WWW-Authenticate` header say the same thing.
 */
export const ErrorCode = {
  /** No credentials were sent (RFC 6750 §3.1: the response then carries no error code in the header). */
  Unauthorized: 'unauthorized',
  InvalidRequest: 'invalid_request',
  InvalidToken: 'invalid_token',
  InsufficientScope: 'insufficient_scope',
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  PayloadTooLarge: 'payload_too_large',
  /** The request's headers exceed the server's cap (HTTP 431). */
  HeaderFieldsTooLarge: 'header_fields_too_large',
  /** The client took too long to send its request (HTTP 408). */
  RequestTimeout: 'request_timeout',
  UnsupportedMediaType: 'unsupported_media_type',
  TooManyRequests: 'too_many_requests',
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Every API error response has this body. */
export interface ApiError {
  readonly error: ErrorCode;
  readonly message: string;
}
