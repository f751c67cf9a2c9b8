import type { FastifyLoggerOptions, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from './config.ts';
import { pathOf } from './http/paths.ts';

/**
 * Anything that carries a credential is censored when a log object holds headers. `req` and `res`
 * need no paths: their serializers (below) keep named fields only, never headers, and redacting them anyway would cost a walk of two log lines on every request.
 */
const REDACTED_PATHS = ['headers.authorization', 'headers.dpop', 'headers.cookie', 'headers["proxy-authorization"]', 'headers["set-cookie"]'];

type LoggerOptions = FastifyLoggerOptions & { redact: { paths: string[]; censor: string } };

/**
 * Pino through Fastify's logger: JSON lines, one request id per request (`reqId`). A token never
 * reaches a log line: the request serializer logs the path without its query string (where a
 * careless client may put `?access_token=`), and credential headers are redacted should anything
 * log headers.
 */
export function loggerOptions(level: AppConfig['logLevel'], stream?: FastifyLoggerOptions['stream']): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: pathOf(request.url),
        remoteAddress: request.ip,
      }),
      // Fastify's own, spelled out here since the redaction above counts on it.
      res: (reply: Pick<FastifyReply, 'statusCode'>) => ({ statusCode: reply.statusCode }),
    },
    ...(stream === undefined ? {} : { stream }),
  };
}
