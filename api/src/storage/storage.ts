import type {
  AnalyticsRoom,
  ChatAuthor,
  ChatEventType,
  ChatMessage,
  ChatRoom,
  DeletedMessage,
} from '@app/contracts';
import type { ChatEventHub } from '../chat/event-hub.ts';

/**
 * An event of the chat's log, with the payload the live stream sends. `id` is its place in the
 * log (the SSE `id:`), growing, never reused.
 */
export type ChatLoggedEvent =
  | {
    readonly id: number;
    readonly type: typeof ChatEventType.MessageCreated | typeof ChatEventType.MessageUpdated;
    readonly data: ChatMessage;
  }
  | { readonly id: number; readonly type: typeof ChatEventType.MessageDeleted; readonly data: DeletedMessage }
  | { readonly id: number; readonly type: typeof ChatEventType.RoomCreated; readonly data: ChatRoom };

export interface NewRoom {
  readonly name: string;
  readonly topic: string;
  readonly createdBy: string;
}

export interface NewMessage {
  readonly roomId: string;
  /** From the access token, never from the request body. */
  readonly author: ChatAuthor;
  /** Already normalised and checked (`requireMessageText`). */
  readonly body: string;
  /** The author's `Idempotency-Key`: unique per author, not across authors. */
  readonly idempotencyKey: string;
  /** What a retry with the same key must repeat (`fingerprintPost`). */
  readonly fingerprint: string;
}

/** A post's outcome: a new message, or the one an earlier request with the same key made. */
export type PostedMessage =
  | { readonly created: true; readonly message: ChatMessage; readonly event: ChatLoggedEvent }
  | { readonly created: false; readonly message: ChatMessage };

/** A message as kept, deleted ones included (without their text). */
export interface StoredMessage extends ChatMessage {
  readonly deleted: boolean;
}

export interface HistoryPageRequest {
  /** Only messages before this position (from a cursor); undefined: the newest page. */
  readonly beforeSeq: number | undefined;
  readonly limit: number;
}

export interface HistoryPage {
  /** Oldest first. */
  readonly messages: ChatMessage[];
  /** The position the next older page ends before; null when this page reaches the first message. */
  readonly olderThan: number | null;
}

/** Where a page of the room list starts: after this room of this group (`name` empty: from the group's start). */
export interface RoomCursor {
  readonly mine: boolean;
  readonly name: string;
}

export interface RoomPageRequest {
  readonly limit: number;
  readonly after: RoomCursor | undefined;
  /** Only rooms whose name contains this (lower-case); empty: every room. */
  readonly search: string;
}

export interface RoomPage {
  readonly rooms: ChatRoom[];
  /** Where the next page starts; null when this one is the last. */
  readonly next: RoomCursor | null;
}

/** What the chat feature needs from the database: rooms, messages, read markers. */
export interface ChatStore {
  /**
   * A page of rooms, the viewer's own first (those they made, wrote in or read: a read-marker row),
   * then the others, each group by name; each with `viewerSub`'s unread count (up to
   * `ChatLimits.unreadCountMax`) and the time of its latest message. The work is bounded by the
   * page and the viewer's own rooms, whatever the number of rooms.
   */
  listRooms(viewerSub: string, page: RoomPageRequest): Promise<RoomPage>;
  /** One room, as the list would show it to `viewerSub`. */
  findRoomByName(viewerSub: string, name: string): Promise<ChatRoom | undefined>;
  /** Its maker takes part in it from the start. @throws {RoomNameTakenError} */
  createRoom(room: NewRoom): Promise<{ room: ChatRoom; event: ChatLoggedEvent }>;
  /**
   * Makes the message, its key and its event at once (and the author then takes part in the room);
   * or, when the author already used the key
   * for the same room and text, returns the message made then.
   * @throws {RoomNotFoundError}
   * @throws {IdempotencyKeyReusedError} the key was used for another room or text.
   * @throws {SentMessageDeletedError} the key's message was deleted since.
   */
  postMessage(message: NewMessage): Promise<PostedMessage>;
  /** @throws {RoomNotFoundError} */
  listMessages(roomId: string, page: HistoryPageRequest): Promise<HistoryPage>;
  findMessage(messageId: string): Promise<StoredMessage | undefined>;
  /** @returns undefined when the message is gone (or was deleted meanwhile). */
  editMessage(messageId: string, body: string): Promise<{ message: ChatMessage; event: ChatLoggedEvent } | undefined>;
  /** Drops the text and keeps the place. @returns undefined when it is gone already. */
  deleteMessage(messageId: string): Promise<ChatLoggedEvent | undefined>;
  /**
   * `userSub` has read `roomId` up to `messageId` (deleted or not); the marker never moves back.
   * @throws {RoomNotFoundError}
   * @throws {MessageNotFoundError} no such message in that room.
   */
  markRead(userSub: string, roomId: string, messageId: string): Promise<void>;
}

/** Where the event log stands. Events after `prunedThrough` up to `head` are all kept. */
export interface EventLogPosition {
  /** The latest event's id (0 before the first). */
  readonly head: number;
  /** The newest id pruned away (0 if none). */
  readonly prunedThrough: number;
}

export interface EventLogPage {
  /** The events after the requested id, in order, skipping those whose message or room is gone. */
  readonly events: ChatLoggedEvent[];
  /** The last id this page covered (skipped events included); the request's id when none. */
  readonly through: number;
  /** Whether the log may hold more after `through`. */
  readonly more: boolean;
}

/** The chat's event log, which live streams replay from after a reconnect (`Last-Event-ID`). */
export interface ChatEventLog {
  eventLogPosition(): Promise<EventLogPosition>;
  countEventsAfter(id: number): Promise<number>;
  readEventsAfter(id: number, limit: number): Promise<EventLogPage>;
  /**
   * Forgets events older than `eventsBefore` (clients further behind get `reset`) and idempotency
   * keys older than `keysBefore` (a retry after that makes a new message).
   */
  pruneChat(cutoffs: { readonly eventsBefore: Date; readonly keysBefore: Date }): Promise<{ events: number; keys: number }>;
}

/** From `start` (included) to `end` (excluded): ISO 8601 UTC text, compared with `created_at`. */
export interface TimeSpan {
  readonly start: string;
  readonly end: string;
}

/** What to count: spans worked out from the viewer's days and hours (`api/src/analytics/buckets.ts`). */
export interface AnalyticsCountsRequest {
  /** Only this room's messages; undefined: every room. */
  readonly roomId: string | undefined;
  readonly current: TimeSpan;
  readonly previous: TimeSpan;
  /** Each day of the current period: its distinct authors are counted. */
  readonly days: readonly TimeSpan[];
  /** Each hour of the current period: its messages are counted. */
  readonly hours: readonly TimeSpan[];
  /** How many rooms and contributors to return, the busiest first. */
  readonly roomsShown: number;
  readonly contributorsShown: number;
}

/** Live messages, their distinct authors and rooms, in one span. */
export interface SpanCounts {
  readonly messages: number;
  readonly authors: number;
  readonly rooms: number;
}

export interface AnalyticsCounts {
  readonly current: SpanCounts;
  readonly previous: SpanCounts;
  /** In the order of the request's `hours`. */
  readonly messagesPerHour: readonly number[];
  /** In the order of the request's `days`. */
  readonly authorsPerDay: readonly number[];
  /** Rooms with messages in the current period, the busiest first. */
  readonly messagesPerRoom: readonly { readonly roomId: string; readonly name: string; readonly messages: number }[];
  /** Authors of the current period, the most messages first; `name` from their latest message. */
  readonly contributors: readonly { readonly sub: string; readonly name: string; readonly messages: number; readonly rooms: number }[];
}

/**
 * What the analytics feature needs from the database. Only live messages count: a deleted one is
 * left out of every figure.
 */
export interface AnalyticsStore {
  /** Every room, by name. */
  listAnalyticsRooms(): Promise<AnalyticsRoom[]>;
  findAnalyticsRoom(roomId: string): Promise<AnalyticsRoom | undefined>;
  /**
   * The counts behind the dashboard's figures, aggregated in the database from the period's live
   * messages (the work grows with them, not with the number of rooms or authors). On SQLite they
   * run synchronously: the server calls them only on its analytics thread, with a connection of
   * that thread's own (`analytics-reader.ts`), never on its event loop.
   * @throws {AnalyticsTimeoutError} on PostgreSQL, when they take longer than the time budget.
   */
  countForAnalytics(request: AnalyticsCountsRequest): Promise<AnalyticsCounts>;
}

/** What a limit counted in the database saw: the same for every instance that shares it. */
export interface ActionCount {
  /** Actions in the current window, the one just counted included. */
  readonly count: number;
  /** Milliseconds until the window ends and the count starts again. */
  readonly resetInMs: number;
}

/**
 * Counts actions per key in fixed windows, in the database, so that a limit holds across every
 * instance sharing it (a user cannot double an allowance by reaching two instances). A window
 * starts at the first action after the previous window ended. One row per key: bounded by the
 * number of users, never pruned.
 */
export interface ActionCounter {
  countAction(key: string, windowMs: number): Promise<ActionCount>;
}

/**
 * The app's storage: one interface per feature, so routes never see SQL; SQLite (one process) and
 * PostgreSQL (several instances) stand in for each other. Methods are async even where SQLite is
 * not.
 *
 * On PostgreSQL, a method that cannot reach the database throws `DatabaseUnavailableError`
 * (HTTP 503) within the pool's timeouts, rather than hanging.
 */
export interface Storage extends ChatStore, ChatEventLog, AnalyticsStore, ActionCounter {
  /**
   * Carries this database's chat events to the open live streams: of this process (SQLite), or of
   * every instance sharing the database (PostgreSQL `LISTEN`/`NOTIFY`).
   */
  readonly chatEvents: ChatEventHub;
  /**
   * Resolves when the database answers and live events reach this instance; the readiness check.
   * @throws {DatabaseUnavailableError}
   */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
