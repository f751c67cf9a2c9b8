/**
 * The one shape of an error answer. Every feature's errors convert themselves into it
 * ({@link ProblemError}), so the HTTP edge's error handler answers any of them the same way and
 * knows none of them: a new feature adds errors, not a branch there.
 */
import type { ApiError } from '@app/contracts';

/** What the log says about a refusal: never a token, a request body or a query string. */
export interface ProblemLog {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** An error answer: its status, its headers, its `{ error, message }` body, and its log line. */
export interface Problem {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ApiError;
  readonly log: ProblemLog;
}

/**
 * Base class of the errors the app throws on purpose: each says how it is answered. Messages
 * reach the client (the SPA may show them), so they never quote what the client sent.
 */
export abstract class ProblemError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  abstract toProblem(): Problem;
}

/** A refusal of the client's request, logged at `info` with its codes (the message may quote the request). */
export function refusal(statusCode: number, body: ApiError, code: string | undefined, headers: Readonly<Record<string, string>> = {}): Problem {
  return { statusCode, headers, body, log: { level: 'info', fields: { error: body.error, code }, message: 'request refused' } };
}
