/**
 * The database cannot be reached, or did not answer in time: the request may succeed if sent again
 * in a few seconds. The error handler answers it 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3)
 * and the code `database_unavailable`; the cause (a driver error) goes to the log only.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'ERR_DATABASE_UNAVAILABLE';
  readonly statusCode = 503;
  /** What `Retry-After` says: about the time a restarted database or a pool reconnect takes. */
  readonly retryAfterSeconds = 2;

  constructor(message = 'The database cannot be reached; try again in a few seconds', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}
