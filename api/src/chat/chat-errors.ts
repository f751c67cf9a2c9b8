/**
 * The chat's errors, in the guard's style: one base class, a stable `code` per subclass. Each says
 * how it is answered (its status and error code), so the one error handler needs to know none of
 * them. Messages are written for the person using the app: the SPA may show them as they are.
 */
import { ErrorCode } from '@app/contracts';
import { ProblemError, refusal, type Problem } from '../problem.ts';

/** Base class of every error a chat route or the chat store throws on purpose. */
export abstract class ChatError extends ProblemError {
  abstract readonly code: string;
  protected abstract readonly statusCode: 400 | 403 | 404 | 409 | 422 | 429 | 503;
  protected abstract readonly error: ErrorCode;

  toProblem(): Problem {
    return refusal(this.statusCode, { error: this.error, message: this.message }, this.code);
  }
}

/** Input the schema let through but the chat's rules refuse (an empty message, a bad cursor…). */
export class InvalidChatInputError extends ChatError {
  readonly code = 'ERR_CHAT_INVALID_INPUT';
  protected readonly statusCode = 400;
  protected readonly error = ErrorCode.InvalidRequest;
}

export class RoomNotFoundError extends ChatError {
  readonly code = 'ERR_CHAT_ROOM_NOT_FOUND';
  protected readonly statusCode = 404;
  protected readonly error = ErrorCode.NotFound;

  constructor() {
    super('There is no such room');
  }
}

/** No such message, or one deleted since (deleted messages are gone for everyone). */
export class MessageNotFoundError extends ChatError {
  readonly code = 'ERR_CHAT_MESSAGE_NOT_FOUND';
  protected readonly statusCode = 404;
  protected readonly error = ErrorCode.NotFound;

  constructor(message = 'There is no such message') {
    super(message);
  }
}

/** Editing or deleting someone else's message. */
export class NotYourMessageError extends ChatError {
  readonly code = 'ERR_CHAT_NOT_YOUR_MESSAGE';
  protected readonly statusCode = 403;
  protected readonly error = ErrorCode.Forbidden;

  constructor() {
    super('You can only edit or delete your own messages');
  }
}

export class RoomNameTakenError extends ChatError {
  readonly code = 'ERR_CHAT_ROOM_NAME_TAKEN';
  protected readonly statusCode = 409;
  protected readonly error = ErrorCode.Conflict;

  constructor(name: string) {
    super(`A room named ${name} already exists`);
  }
}

/**
 * An `Idempotency-Key` the user already used for another request (draft-ietf-httpapi-idempotency-
 * key-header, "Error Scenarios"): a client bug, refused rather than answered with the other message.
 */
export class IdempotencyKeyReusedError extends ChatError {
  readonly code = 'ERR_CHAT_IDEMPOTENCY_KEY_REUSED';
  protected readonly statusCode = 422;
  protected readonly error = ErrorCode.IdempotencyKeyReused;

  constructor() {
    super('This Idempotency-Key was already used for another message; send each new message with a new key');
  }
}

/** A retried post whose message was made, then deleted: it is not made again. */
export class SentMessageDeletedError extends ChatError {
  readonly code = 'ERR_CHAT_SENT_MESSAGE_DELETED';
  protected readonly statusCode = 409;
  protected readonly error = ErrorCode.Conflict;

  constructor() {
    super('The message sent with this Idempotency-Key was deleted since');
  }
}

/** A stream asked for while the server shuts down: another instance, or this one restarted, will serve it. */
export class ShuttingDownError extends ChatError {
  readonly code = 'ERR_CHAT_SHUTTING_DOWN';
  protected readonly statusCode = 503;
  protected readonly error = ErrorCode.ServiceUnavailable;

  constructor() {
    super('The server is restarting; reconnect in a moment');
  }

  override toProblem(): Problem {
    return { ...super.toProblem(), headers: { 'retry-after': '1' } };
  }
}

/**
 * Too many live streams from one client address (`CHAT_STREAMS_PER_IP`): 429 with `Retry-After`
 * (RFC 6585 §4). Streams free up as tabs close or tokens expire.
 */
export class TooManyStreamsError extends ChatError {
  readonly code = 'ERR_CHAT_TOO_MANY_STREAMS';
  protected readonly statusCode = 429;
  protected readonly error = ErrorCode.TooManyStreams;
  static readonly retryAfterSeconds = 30;

  constructor(limit: number) {
    super(`Too many live chat connections from your network address (at most ${limit}); close some tabs, or wait`);
  }

  override toProblem(): Problem {
    return { ...super.toProblem(), headers: { 'retry-after': String(TooManyStreamsError.retryAfterSeconds) } };
  }
}

/**
 * This instance holds as many live streams as it may (`CHAT_STREAMS_PER_INSTANCE`): 503 with
 * `Retry-After`; behind a balancer, the next attempt may reach another instance.
 */
export class StreamsFullError extends ChatError {
  readonly code = 'ERR_CHAT_STREAMS_FULL';
  protected readonly statusCode = 503;
  protected readonly error = ErrorCode.StreamsFull;
  static readonly retryAfterSeconds = 10;

  constructor() {
    super('The server holds as many live connections as it can; it will try again in a moment');
  }

  override toProblem(): Problem {
    return { ...super.toProblem(), headers: { 'retry-after': String(StreamsFullError.retryAfterSeconds) } };
  }
}
