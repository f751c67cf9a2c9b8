/**
 * Reads an `application/x-www-form-urlencoded` request body with node built-ins, refusing anything
 * bigger than a sign-in form needs.
 */
import type { IncomingMessage } from 'node:http';

export const FORM_BODY_LIMIT_BYTES = 8 * 1024;

export class FormBodyError extends Error {
  readonly status: 413 | 415;

  constructor(status: 413 | 415, message: string) {
    super(message);
    this.name = 'FormBodyError';
    this.status = status;
  }
}

export async function readFormBody(
  request: IncomingMessage,
  isUrlEncoded: boolean,
  limitBytes = FORM_BODY_LIMIT_BYTES,
): Promise<URLSearchParams> {
  if (!isUrlEncoded) {
    throw new FormBodyError(415, 'The form must be sent as application/x-www-form-urlencoded.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limitBytes) {
      throw new FormBodyError(413, 'The form is too large.');
    }
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
