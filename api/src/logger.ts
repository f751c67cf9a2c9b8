import type { FastifyLoggerOptions, FastifyRequest } from 'fastify';
import type { AppConfig } from './config.ts';
import { pathOf } from './http/paths.ts';

/** Anything that carries a credential is censored wherever it appears in a log object. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.dpop',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.dpop',
  'headers.cookie',
];

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
    },
    ...(stream === undefined ? {} : { stream }),
  };
}
