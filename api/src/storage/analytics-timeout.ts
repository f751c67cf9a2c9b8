import { ErrorCode } from '@app/contracts';
import { ProblemError, type Problem } from '../problem.ts';

/** `ANALYTICS_TIME_BUDGET_MS`'s default: what a storage opened without one allows. */
export const ANALYTICS_BUDGET_MS = 10_000;

/**
 * The analytics figures were not ready within the time budget (`ANALYTICS_TIME_BUDGET_MS`, waiting
 * for a turn included): answered 503 with `Retry-After` and the code `analytics_timeout`, rather
 * than letting one analyst's query hold the server. The work was stopped: SQLite's analytics thread
 * is replaced, PostgreSQL cancels the statement (`statement_timeout`).
 */
export class AnalyticsTimeoutError extends ProblemError {
  readonly code = 'ERR_ANALYTICS_TIMEOUT';
  readonly retryAfterSeconds = 10;

  constructor(budgetMs: number, options?: { cause?: unknown }) {
    super(
      `The figures took longer than the ${formatBudget(budgetMs)} the server allows; try a shorter period or one room, or again in a moment`,
      options,
    );
  }

  toProblem(): Problem {
    return {
      statusCode: 503,
      headers: { 'retry-after': String(this.retryAfterSeconds) },
      body: { error: ErrorCode.AnalyticsTimeout, message: this.message },
      log: { level: 'warn', fields: { error: ErrorCode.AnalyticsTimeout, code: this.code }, message: 'request refused: analytics over its time budget' },
    };
  }
}

function formatBudget(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} ms`;
}
