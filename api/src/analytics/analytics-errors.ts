/**
 * The analytics feature's errors. A bad query is the client's to fix: it is answered 400
 * `invalid_request` with this message, written for the person using the app.
 */
import { ErrorCode } from '@app/contracts';
import { ProblemError, refusal, type Problem } from '../problem.ts';

/** A query parameter the analytics API cannot use; the message names it and says what would do. */
export class InvalidAnalyticsQueryError extends ProblemError {
  readonly code = 'ERR_ANALYTICS_INVALID_QUERY';

  toProblem(): Problem {
    return refusal(400, { error: ErrorCode.InvalidRequest, message: this.message }, this.code);
  }
}

/**
 * One user asked for more summaries at once than `ANALYTICS_CONCURRENT_PER_USER`: 429 with
 * `Retry-After` (RFC 6585 §4). Each summary takes its turn on the analytics thread (or the
 * analytics' connections), so one analyst's many requests would make everyone else's wait.
 */
export class TooManySummariesError extends ProblemError {
  readonly code = 'ERR_ANALYTICS_TOO_MANY_SUMMARIES';
  static readonly retryAfterSeconds = 2;

  constructor(limit: number) {
    super(`You already have ${limit} ${limit === 1 ? 'summary' : 'summaries'} being worked out; try again in ${TooManySummariesError.retryAfterSeconds} seconds`);
  }

  toProblem(): Problem {
    return refusal(429, { error: ErrorCode.TooManyRequests, message: this.message }, this.code, { 'retry-after': String(TooManySummariesError.retryAfterSeconds) });
  }
}
