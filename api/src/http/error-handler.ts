import { ApiErrorSchema } from '@app/contracts/schemas';
import { ErrorCode } from '@app/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, refusal, type Problem } from '../problem.ts';

/** Declared on every API route, so error bodies are serialised to `{ error, message }` and nothing else. */
export const ERROR_RESPONSES = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema } as const;

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/**
 * The one error handler. Every error the app throws on purpose is a {@link ProblemError} and says
 * how it is answered (the guard's as RFC 6750 says, the chat's and the analytics' with their own
 * status, rate limits 429 with `Retry-After`); anything else comes from Fastify or is our bug
 * ({@link frameworkProblem}). Either way, one shape: the status, the headers, the
 * `{ error, message }` body, and one log line.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = error instanceof ProblemError ? error.toProblem() : frameworkProblem(error);
  request.log[problem.log.level](problem.log.fields, problem.log.message);
  return reply.code(problem.statusCode).headers(problem.headers).send(problem.body);
}

/**
 * Fastify's own 4xx (validation, body parsing, limits) become `{ error, message }` with their
 * status; anything else is our bug: a 500 whose body says nothing about why (the log does). A 4xx
 * message may quote the request (a URL, a body field): the log keeps its code only.
 */
function frameworkProblem(error: FastifyError | Error): Problem {
  const { statusCode, validation, code } = error as Partial<FastifyError>;
  const refused = (status: number, errorCode: ErrorCode, message: string) => refusal(status, { error: errorCode, message }, code);
  if (code === 'FST_ERR_BAD_URL') return refused(400, ErrorCode.InvalidRequest, 'The request URL is not valid');
  if (validation !== undefined) return refused(400, ErrorCode.InvalidRequest, error.message);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return refused(statusCode, STATUS_CODES[statusCode] ?? ErrorCode.InvalidRequest, error.message);
  }
  const log = { level: 'error', fields: { err: error }, message: 'request failed' } as const;
  if (statusCode === 503) {
    return { statusCode, headers: {}, body: { error: ErrorCode.ServiceUnavailable, message: 'The service is unavailable, try again later' }, log };
  }
  return { statusCode: 500, headers: {}, body: { error: ErrorCode.Internal, message: 'Internal server error' }, log };
}
