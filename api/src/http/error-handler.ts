import { ApiErrorSchema } from '@app/contracts/schemas';
import { ErrorCode, type ApiError } from '@app/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { authErrorResponse } from '../auth/challenge.ts';
import { isAuthError, type AnyAuthError } from '../auth/errors.ts';
import { chatErrorResponse, isChatError } from '../chat/chat-errors.ts';
import { DatabaseUnavailableError } from '../storage/database-unavailable.ts';
import { RateLimitedError } from './rate-limit.ts';

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
 * The one error handler: guard errors become RFC 6750 answers; chat errors their own status (see
 * `chatErrorResponse`); rate limits 429 with `Retry-After`; an unreachable database 503 with `Retry-After`;
 * Fastify's own 4xx (validation, body parsing, limits) become `{ error, message }` with their
 * status; anything else is our bug: a 500 whose body says nothing about why (the log does).
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAuthError(error)) {
    logAuthError(request, error);
    const response = authErrorResponse(error);
    return reply.code(response.statusCode).headers(response.headers).send(response.body);
  }
  if (isChatError(error)) {
    const response = chatErrorResponse(error);
    request.log.info({ error: response.body.error, code: error.code }, 'request refused');
    return reply.code(response.statusCode).headers(response.headers ?? {}).send(response.body);
  }
  if (error instanceof RateLimitedError) {
    request.log.info({ error: ErrorCode.TooManyRequests }, 'request refused: rate limit');
    return reply.code(429).header('retry-after', String(error.retryAfterSeconds))
      .send({ error: ErrorCode.TooManyRequests, message: error.message });
  }
  if (error instanceof DatabaseUnavailableError) {
    request.log.warn({ err: error.cause, error: ErrorCode.DatabaseUnavailable }, 'request refused: database unavailable');
    return reply.code(503).header('retry-after', String(error.retryAfterSeconds))
      .send({ error: ErrorCode.DatabaseUnavailable, message: error.message });
  }
  const { statusCode, body } = toApiError(error);
  // A 4xx message may quote the request (a URL, a body field): log its code only.
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ error: body.error, code: (error as Partial<FastifyError>).code }, 'request refused');
  return reply.code(statusCode).send(body);
}

/** Maps a non-auth error to a status and a body that is safe to show the client. */
export function toApiError(error: FastifyError | Error): { statusCode: number; body: ApiError } {
  const { statusCode, validation, code } = error as Partial<FastifyError>;
  if (code === 'FST_ERR_BAD_URL') {
    return { statusCode: 400, body: { error: ErrorCode.InvalidRequest, message: 'The request URL is not valid' } };
  }
  if (validation !== undefined) {
    return { statusCode: 400, body: { error: ErrorCode.InvalidRequest, message: error.message } };
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return { statusCode, body: { error: STATUS_CODES[statusCode] ?? ErrorCode.InvalidRequest, message: error.message } };
  }
  if (statusCode === 503) {
    return { statusCode, body: { error: ErrorCode.ServiceUnavailable, message: 'The service is unavailable, try again later' } };
  }
  return { statusCode: 500, body: { error: ErrorCode.Internal, message: 'Internal server error' } };
}

/** Logs why a request was refused: the error code and fixed description, never the token or its claims. */
function logAuthError(request: FastifyRequest, error: AnyAuthError): void {
  if (error.code === 'ERR_KEYS_UNAVAILABLE' || error.code === 'ERR_JWKS_FILE_INVALID') {
    request.log.warn({ auth: error.code }, error.message);
  } else {
    request.log.info({ auth: error.code }, error.message);
  }
}
