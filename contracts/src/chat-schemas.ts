/**
 * The chat API's payloads as JSON Schemas (role `chat`). Identity (a message's author) always comes
 * from the access token, never from a request body.
 */
import { Type, type Static } from 'typebox';
import { ChatEventType, ChatLimits, ROOM_NAME_PATTERN } from './chat.ts';

const Timestamp = Type.String({ format: 'date-time' });

export const ChatAuthorSchema = Type.Object({ sub: Type.String(), name: Type.String() });
export type ChatAuthor = Static<typeof ChatAuthorSchema>;

export const ChatRoomSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  topic: Type.String(),
  createdAt: Timestamp,
  /** Messages after the caller's read marker, not written by the caller; counted up to `ChatLimits.unreadCountMax`. */
  unread: Type.Integer({ minimum: 0 }),
  lastMessageAt: Type.Union([Timestamp, Type.Null()]),
  /**
   * The caller takes part: they made the room, wrote in it or read it. False in `room.created`
   * events, which are the same for everyone (the room's maker has it from their own POST).
   */
  mine: Type.Boolean(),
});
export type ChatRoom = Static<typeof ChatRoomSchema>;

/**
 * `GET /api/chat/rooms`: a page, the caller's own rooms first, then the others, each group by name.
 * `nextCursor` (opaque) asks for the next page (`?after=`); null on the last page.
 */
export const ChatRoomListSchema = Type.Object({
  rooms: Type.Array(ChatRoomSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ChatRoomList = Static<typeof ChatRoomListSchema>;

/** `POST /api/chat/rooms`: 201 with the room; 409 `conflict` when the name is taken. */
export const CreateRoomSchema = Type.Object(
  {
    name: Type.String({
      minLength: ChatLimits.roomNameMinLength,
      maxLength: ChatLimits.roomNameMaxLength,
      pattern: ROOM_NAME_PATTERN,
    }),
    topic: Type.String({ maxLength: ChatLimits.roomTopicMaxLength }),
  },
  { additionalProperties: false },
);
export type CreateRoom = Static<typeof CreateRoomSchema>;

export const ChatMessageSchema = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  author: ChatAuthorSchema,
  body: Type.String(),
  createdAt: Timestamp,
  editedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ChatMessage = Static<typeof ChatMessageSchema>;

/**
 * `POST /api/chat/rooms/:roomId/messages` (201; the same `Idempotency-Key` again answers 200 with the
 * message already made) and `PATCH /api/chat/messages/:messageId` (200).
 * Control characters but newline and tab are stripped, `\r\n` becomes `\n`, blank lines before and
 * whitespace after the text are dropped; then an empty body, or one longer than
 * `ChatLimits.messageMaxLength`, is refused (400). Those rules need the text normalised first, so
 * the API checks them itself rather than by this schema.
 */
export const MessageBodySchema = Type.Object({ body: Type.String() }, { additionalProperties: false });
export type MessageBody = Static<typeof MessageBodySchema>;

/**
 * `GET /api/chat/rooms/:roomId/messages`: a page, oldest first. `olderCursor` (opaque) asks for the
 * page before it (`?before=`); null when this page reaches the room's first message.
 */
export const MessagePageSchema = Type.Object({
  messages: Type.Array(ChatMessageSchema),
  olderCursor: Type.Union([Type.String(), Type.Null()]),
});
export type MessagePage = Static<typeof MessagePageSchema>;

/** `POST /api/chat/rooms/:roomId/read`: 204. `upTo` is a message id of that room. */
export const ReadMarkerSchema = Type.Object({ upTo: Type.String() }, { additionalProperties: false });
export type ReadMarker = Static<typeof ReadMarkerSchema>;

/** The `data:` of a `message.deleted` event. */
export const DeletedMessageSchema = Type.Object({ id: Type.String(), roomId: Type.String() });
export type DeletedMessage = Static<typeof DeletedMessageSchema>;

/**
 * The `data:` of a `message.created` event: the message, and, on its author's own streams only,
 * when the event is sent live, the `Idempotency-Key` of the post that made it, so the author's app
 * can match the event to the copy it is still sending. Never on another user's stream; never on an
 * event replayed after `Last-Event-ID`.
 */
export type CreatedMessage = ChatMessage & { readonly idempotencyKey?: string };

/**
 * What each live event's `data:` holds (`{}` for `ready`, `reset` and `token-expired`). `message.created` and `message.updated` carry the message as
 * it is when the event is sent (a replayed `message.created` may already show an edit; one of a
 * message deleted since is not sent at all); `room.created` a room with no messages yet.
 */
export interface ChatEventData {
  [ChatEventType.Ready]: Record<string, never>;
  [ChatEventType.MessageCreated]: CreatedMessage;
  [ChatEventType.MessageUpdated]: ChatMessage;
  [ChatEventType.MessageDeleted]: DeletedMessage;
  [ChatEventType.RoomCreated]: ChatRoom;
  [ChatEventType.Reset]: Record<string, never>;
  [ChatEventType.TokenExpired]: Record<string, never>;
  /** How many live streams one user may hold at once. */
  [ChatEventType.TooManyStreams]: { readonly limit: number };
}

/** One live event, as a client parses it: `id` is absent on `token-expired` and `too-many-streams`. */
export type ChatEvent = {
  [T in keyof ChatEventData]: { readonly id: string | undefined; readonly type: T; readonly data: ChatEventData[T] };
}[keyof ChatEventData];
