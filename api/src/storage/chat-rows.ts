/**
 * The chat's rows as both databases return them (the same column names; PostgreSQL's timestamps
 * and big integers converted to ISO text and numbers by the pool), and the contract's shapes made
 * from them.
 */
import type { ChatMessage, ChatRoom } from '@app/contracts';

/** The columns of `messages`, selected as `MESSAGE_COLUMNS`. */
export interface MessageRow {
  readonly seq: number;
  readonly id: string;
  readonly room_id: string;
  readonly author_sub: string;
  readonly author_name: string;
  readonly body: string;
  readonly created_at: string;
  readonly edited_at: string | null;
  readonly deleted_at: string | null;
}

export const MESSAGE_COLUMNS = 'seq, id, room_id, author_sub, author_name, body, created_at, edited_at, deleted_at';

/** Exactly the contract's fields, built one by one: nothing else a row holds can leak out. */
export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    roomId: row.room_id,
    author: { sub: row.author_sub, name: row.author_name },
    body: row.body,
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}

export interface RoomRow {
  readonly id: string;
  readonly name: string;
  readonly topic: string;
  readonly created_at: string;
}

/**
 * A room just made: no message yet, so nothing unread for anyone. `mine` for its maker's answer;
 * never in the `room.created` event, which is everyone's.
 */
export function toNewChatRoom(row: RoomRow, mine = false): ChatRoom {
  return { id: row.id, name: row.name, topic: row.topic, createdAt: row.created_at, unread: 0, lastMessageAt: null, mine };
}

/** A room of the room list, with what the viewer sees of it. */
export interface RoomListRow extends RoomRow {
  readonly unread: number;
  readonly last_message_at: string | null;
  /** 1 or 0 (SQLite), true or false (PostgreSQL). */
  readonly mine: number | boolean;
}

export function toChatRoom(row: RoomListRow): ChatRoom {
  return {
    id: row.id,
    name: row.name,
    topic: row.topic,
    createdAt: row.created_at,
    unread: row.unread,
    lastMessageAt: row.last_message_at,
    mine: Boolean(row.mine),
  };
}

/** Rows are untyped; every query selects the columns its row type names. */
export function asRow<T>(row: unknown): T {
  return row as T;
}
