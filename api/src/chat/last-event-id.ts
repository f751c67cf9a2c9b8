import { InvalidChatInputError } from './chat-errors.ts';

/**
 * The `Last-Event-ID` request header: the id of the last event the client saw, to resume after.
 * Absent or empty (the SSE way to say "none"): undefined.
 * @throws {InvalidChatInputError} for anything but an id the stream sends (a whole number).
 */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const id = typeof header === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(header) ? Number(header) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    throw new InvalidChatInputError('Last-Event-ID must be the id of an event this stream sent');
  }
  return id;
}
