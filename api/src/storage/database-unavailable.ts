import { ErrorCode } from '@app/contracts';
import { ProblemError, type Problem } from '../problem.ts';

/**
 * The database cannot be reached, or did not answer in time: the request may succeed if sent again
 * in a few seconds. Answered 503 with `Retry-After` (RFC 9110 §15.6.4, §10.2.3) and the code
 * `database_unavailable`; the cause (a driver error) goes to the log only.
 */
export class DatabaseUnavailableError extends ProblemError {
  readonly code = 'ERR_DATABASE_UNAVAILABLE';
  /** What `Retry-After` says: about the time a restarted database or a pool reconnect takes. */
  readonly retryAfterSeconds = 2;

  constructor(message = 'The database cannot be reached; try again in a few seconds', options?: { cause?: unknown }) {
    super(message, options);
  }

  toProblem(): Problem {
    return {
      statusCode: 503,
      headers: { 'retry-after': String(this.retryAfterSeconds) },
      body: { error: ErrorCode.DatabaseUnavailable, message: this.message },
      log: { level: 'warn', fields: { err: this.cause, error: ErrorCode.DatabaseUnavailable }, message: 'request refused: database unavailable' },
    };
  }
}
