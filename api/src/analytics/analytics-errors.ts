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
