import { createHash } from 'node:crypto';
import { ChatLimits, IDEMPOTENCY_KEY_HEADER } from '@app/contracts';
import { InvalidChatInputError } from './chat-errors.ts';

/**
 * Visible ASCII but `"`, `,` and `\`: a UUID fits; two headers (which Node joins with `, `) and
 * anything needing escapes do not.
 */
const KEY = /^[!#-+\--[\]-~]+$/;

/**
 * The `Idempotency-Key` of a post (draft-ietf-httpapi-idempotency-key-header), bare or quoted
 * as an RFC 8941 string (`"…"`), as the draft shows it. Required: the SPA sends one with every
 * message, and a post without one could not be retried safely.
 * @throws {InvalidChatInputError} when it is missing or malformed.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function readIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new InvalidChatInputError(
      `Send each message with an ${IDEMPOTENCY_KEY_HEADER} header: a new UUID per message, the same one when retrying it`,
    );
  }
  const value = Array.isArray(header) ? header.join(', ') : header;
  const key = /^"(.*)"$/.exec(value)?.[1] ?? value;
  if (!KEY.test(key) || key.length > ChatLimits.idempotencyKeyMaxLength) {
    throw new InvalidChatInputError(
      `The ${IDEMPOTENCY_KEY_HEADER} header must be one value of 1 to ${ChatLimits.idempotencyKeyMaxLength} visible ASCII characters, without spaces, commas, quotes or backslashes`,
    );
  }
  return key;
}

/**
 * What a retry must repeat for its key to stand for the same request: the room and the text (as
 * kept). Stored as a hash: the key table never holds message text.
 */
export function fingerprintPost(roomId: string, text: string): string {
  return createHash('sha256').update(JSON.stringify([roomId, text])).digest('base64url');
}
