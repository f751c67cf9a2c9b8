/**
 * The chat's limits, paths and live-event names: plain values the SPA, the API and the tests share.
 * The payload schemas are in `chat-schemas.ts` (API side; the SPA imports only their types).
 */

/** Limits a person meets in the UI and in the API's 400 messages. */
export const ChatLimits = {
  roomNameMinLength: 2,
  roomNameMaxLength: 40,
  roomTopicMaxLength: 200,
  /**
   * Characters of a message (UTF-16 code units, as a textarea's `maxlength` counts them), after
   * control characters are stripped and line breaks normalised to `\n`.
   */
  messageMaxLength: 4000,
  pageSizeDefault: 50,
  pageSizeMax: 100,
  /** Rooms per page of the room list: by default, and at most (`?limit=`). */
  roomPageSizeDefault: 50,
  roomPageSizeMax: 100,
  /** Unread messages are counted up to this many per room (the app shows "99+" beyond 99). */
  unreadCountMax: 100,
  idempotencyKeyMaxLength: 100,
} as const;

/** A room name is a short slug: lower-case letters, digits, single hyphens (`team-news`). */
export const ROOM_NAME_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/**
 * The header that makes a message post safe to retry (draft-ietf-httpapi-idempotency-key-header):
 * required on every post, one new value per message (`crypto.randomUUID()`), the same value on
 * each retry of that message, at most {@link ChatLimits.idempotencyKeyMaxLength} characters of
 * visible ASCII without spaces, commas, quotes or backslashes (bare, or quoted as an RFC 8941
 * string). Scoped to the user; kept for a day.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The chat API's routes, as Fastify patterns; {@link chatPath} fills the parameters in.
 * All need the `chat` role.
 */
export const ChatApiPath = {
  /**
   * GET `?limit=&after=<nextCursor>&q=<part of a name>`: a page of rooms, the caller's own first (those
   * they made, wrote in or read), then the others, each group by name, with the caller's unread
   * counts; `nextCursor` asks for the next page. `?name=<name>`: that one room (a list of one, or none).
   * POST: create a room (at most `RATE_LIMIT_ROOMS_PER_DAY` a day per user, then 429).
   */
  Rooms: '/api/chat/rooms',
  /**
   * GET `?before=<olderCursor>&limit=<n>`: a page of history, the newest page first, messages oldest
   * first within a page. POST `{ body }` with an `Idempotency-Key` header: a new message.
   */
  RoomMessages: '/api/chat/rooms/:roomId/messages',
  /** POST `{ upTo: messageId }`: the caller has read the room up to that message (204; never moves back). */
  RoomRead: '/api/chat/rooms/:roomId/read',
  /** PATCH `{ body }`: edit (200). DELETE: delete (204). Own messages only (else 403 `forbidden`). */
  Message: '/api/chat/messages/:messageId',
  /**
   * GET with the `Authorization` header (read it with `fetch`: `EventSource` cannot send headers, and
   * a token never goes in a URL); `Last-Event-ID` to resume. `text/event-stream` of every room's
   * events, {@link ChatEventType}.
   */
  Events: '/api/chat/events',
} as const;

export type ChatApiPath = (typeof ChatApiPath)[keyof typeof ChatApiPath];

/** `chatPath(ChatApiPath.RoomMessages, { roomId: '7' })` → `/api/chat/rooms/7/messages`. */
export function chatPath(pattern: ChatApiPath, params: Readonly<Record<string, string>> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`chatPath: missing ${name} for ${pattern}`);
    return encodeURIComponent(value);
  });
}

/**
 * The `event:` names of the live stream. Each event's `id:` is a growing sequence number: a client
 * that reconnects with `Last-Event-ID` gets every event after it, so nothing is missed. The `data:`
 * of each is JSON, typed by `ChatEventData` (in `chat-schemas.ts`). Lines starting with `:` are
 * heartbeats, to ignore.
 */
export const ChatEventType = {
  /**
   * Sent once per stream, after any events missed since `Last-Event-ID`: from here on, events are
   * live. Its `id:` is the latest event's, so a client that opened the stream without
   * `Last-Event-ID` knows where it stands: load rooms and history after this, then apply events
   * (by message id, so one already in a loaded page is not shown twice).
   */
  Ready: 'ready',
  MessageCreated: 'message.created',
  MessageUpdated: 'message.updated',
  MessageDeleted: 'message.deleted',
  RoomCreated: 'room.created',
  /**
   * The `Last-Event-ID` is older than the events kept (or unknown to this database): reload rooms
   * and history, then go on. Its `id:` is the latest event's.
   */
  Reset: 'reset',
  /**
   * The access token that opened the stream expires now: the server closes the stream after this
   * event; reconnect with a fresh token and `Last-Event-ID`. Carries no `id:`.
   */
  TokenExpired: 'token-expired',
  /**
   * The user opened more live streams than the server allows one user (a tab too many): this one, their
   * oldest, is closed after this event to make room for the newest. Do not reconnect by yourself (the
   * tabs would take turns closing each other); offer the user to. Its `data` says the limit. No `id:`.
   */
  TooManyStreams: 'too-many-streams',
} as const;

export type ChatEventType = (typeof ChatEventType)[keyof typeof ChatEventType];
