import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

type SchemaErrorFormatter = NonNullable<FastifyServerOptions['schemaErrorFormatter']>;

/**
 * Messages a person can act on, for the request fields whose schema failure would otherwise read
 * like `body/name must match pattern "^[a-z0-9]+(-[a-z0-9]+)*$"`. Keyed by where the failure is:
 * `body/name`, `params/roomId`, `querystring/limit`… A key ending in `/*` covers any field there
 * (an unknown field, say). Fields without a message keep Fastify's.
 */
export type ValidationMessages = Readonly<Record<string, string>>;

/**
 * A route's `schemaErrorFormatter`: the message of the first failure that has one, else Fastify's
 * own wording. The error handler answers it 400 `invalid_request` like any validation error.
 */
export function withValidationMessages(messages: ValidationMessages): SchemaErrorFormatter {
  return (errors: FastifySchemaValidationError[], dataVar): Error => {
    for (const error of errors) {
      const field = `${dataVar}${error.instancePath}`;
      const message = messages[field] ?? messages[`${dataVar}/*`];
      if (message !== undefined) return new Error(message);
    }
    return new Error(errors.map((error) => `${dataVar}${error.instancePath} ${error.message ?? 'is not valid'}`).join(', '));
  };
}
