import type { StoredMessage } from '../storage/storage.ts';
import { MessageNotFoundError, NotYourMessageError } from './chat-errors.ts';

/**
 * Only a message's author may edit or delete it; the author is whoever the access token said when
 * it was posted, compared by `sub` (the name may change, the subject does not).
 * @throws {NotYourMessageError} answered 403 `forbidden`.
 */
export function requireAuthor(message: StoredMessage, sub: string): void {
  if (message.author.sub !== sub) throw new NotYourMessageError();
}

/**
 * A message that can still be changed: it exists and is not deleted. Deleted messages are gone for
 * everyone, so whose it was is not told.
 * @throws {MessageNotFoundError}
 */
export function requireLiveMessage(message: StoredMessage | undefined): StoredMessage {
  if (message === undefined || message.deleted) throw new MessageNotFoundError();
  return message;
}
