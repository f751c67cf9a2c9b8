/**
 * The chat's errors, in the guard's style: one base class, a stable `code` per subclass, so the one
 * error handler `switch`es on it (see {@link chatErrorResponse}). Messages are written for the
 * person using the app: the SPA may show them as they are.
 */
import { ErrorCode, type ApiError } from '@app/contracts';

/** Base class of every error a chat route or the chat store throws on purpose. */
export class ChatError extends Error {
  code: string = 'ERR_CHAT';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input the schema let through but the chat's rules refuse (an empty message, a bad cursor…). */
export class InvalidChatInputError extends ChatError {
  override code = 'ERR_CHAT_INVALID_INPUT' as const;
}

export class RoomNotFoundError extends ChatError {
  override code = 'ERR_CHAT_ROOM_NOT_FOUND' as const;

  constructor() {
    super('There is no such room');
  }
}

/** No such message, or one deleted since (deleted messages are gone for everyone). */
export class MessageNotFoundError extends ChatError {
  override code = 'ERR_CHAT_MESSAGE_NOT_FOUND' as const;

  constructor(message = 'There is no such message') {
    super(message);
  }
}

/** Editing or deleting someone else's message. */
export class NotYourMessageError extends ChatError {
  override code = 'ERR_CHAT_NOT_YOUR_MESSAGE' as const;

  constructor() {
    super('You can only edit or delete your own messages');
  }
}

export class RoomNameTakenError extends ChatError {
  override code = 'ERR_CHAT_ROOM_NAME_TAKEN' as const;

  constructor(name: string) {
    super(`A room named ${name} already exists`);
  }
}

/**
 * An `Idempotency-Key` the user already used for another request (draft-ietf-httpapi-idempotency-
 * key-header, "Error Scenarios"): a client bug, refused rather than answered with the other message.
 */
export class IdempotencyKeyReusedError extends ChatError {
  override code = 'ERR_CHAT_IDEMPOTENCY_KEY_REUSED' as const;

  constructor() {
    super('This Idempotency-Key was already used for another message; send each new message with a new key');
  }
}

/** A retried post whose message was made, then deleted: it is not made again. */
export class SentMessageDeletedError extends ChatError {
  override code = 'ERR_CHAT_SENT_MESSAGE_DELETED' as const;

  constructor() {
    super('The message sent with this Idempotency-Key was deleted since');
  }
}

/** A stream asked for while the server shuts down: another instance, or this one restarted, will serve it. */
export class ShuttingDownError extends ChatError {
  override code = 'ERR_CHAT_SHUTTING_DOWN' as const;

  constructor() {
    super('The server is restarting; reconnect in a moment');
  }
}

export type AnyChatError =
  | InvalidChatInputError
  | RoomNotFoundError
  | MessageNotFoundError
  | NotYourMessageError
  | RoomNameTakenError
  | IdempotencyKeyReusedError
  | SentMessageDeletedError
  | ShuttingDownError;

export function isChatError(error: unknown): error is AnyChatError {
  return error instanceof ChatError;
}

export interface ChatErrorResponse {
  readonly statusCode: 400 | 403 | 404 | 409 | 422 | 503;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: ApiError;
}

/** The one place that turns a chat error into a status and a `{ error, message }` body. */
export function chatErrorResponse(error: AnyChatError): ChatErrorResponse {
  const body = (code: ErrorCode): ApiError => ({ error: code, message: error.message });
  switch (error.code) {
    case 'ERR_CHAT_INVALID_INPUT':
      return { statusCode: 400, body: body(ErrorCode.InvalidRequest) };
    case 'ERR_CHAT_ROOM_NOT_FOUND':
    case 'ERR_CHAT_MESSAGE_NOT_FOUND':
      return { statusCode: 404, body: body(ErrorCode.NotFound) };
    case 'ERR_CHAT_NOT_YOUR_MESSAGE':
      return { statusCode: 403, body: body(ErrorCode.Forbidden) };
    case 'ERR_CHAT_ROOM_NAME_TAKEN':
    case 'ERR_CHAT_SENT_MESSAGE_DELETED':
      return { statusCode: 409, body: body(ErrorCode.Conflict) };
    case 'ERR_CHAT_IDEMPOTENCY_KEY_REUSED':
      return { statusCode: 422, body: body(ErrorCode.IdempotencyKeyReused) };
    case 'ERR_CHAT_SHUTTING_DOWN':
      return { statusCode: 503, headers: { 'retry-after': '1' }, body: body(ErrorCode.ServiceUnavailable) };
  }
}
