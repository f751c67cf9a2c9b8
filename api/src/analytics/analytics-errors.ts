/**
 * The analytics feature's errors. A bad query is the client's to fix: the one error handler
 * answers it (by its `statusCode`) 400 `invalid_request` with this message, written for the person
 * using the app.
 */

/** A query parameter the analytics API cannot use; the message names it and says what would do. */
export class InvalidAnalyticsQueryError extends Error {
  readonly code = 'ERR_ANALYTICS_INVALID_QUERY';
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidAnalyticsQueryError';
  }
}
