/** The event log's rows, joined with what their payloads are read from, as both databases return them. */
import { ChatEventType } from '@app/contracts';
import { toNewChatRoom } from './chat-rows.ts';
import type { ChatLoggedEvent } from './storage.ts';

/** One logged event with what its payload is read from (the message's or the room's row). */
export interface EventRow {
  readonly seq: number;
  readonly type: string;
  readonly room_id: string;
  readonly message_id: string | null;
  readonly author_sub: string | null;
  readonly author_name: string | null;
  readonly body: string | null;
  readonly m_created_at: string | null;
  readonly edited_at: string | null;
  readonly deleted_at: string | null;
  readonly r_name: string | null;
  readonly r_topic: string | null;
  readonly r_created_at: string | null;
}

/**
 * The event with its payload as things stand now; undefined for one there is nothing left to say
 * about (a message deleted since: its `message.deleted` event follows; an unknown type).
 */
export function toLoggedEvent(row: EventRow): ChatLoggedEvent | undefined {
  switch (row.type) {
    case ChatEventType.MessageCreated:
    case ChatEventType.MessageUpdated: {
      const { message_id: id, author_sub: sub, author_name: name, body, m_created_at: createdAt } = row;
      if (id === null || sub === null || name === null || body === null || createdAt === null || row.deleted_at !== null) {
        return undefined;
      }
      const message = { id, roomId: row.room_id, author: { sub, name }, body, createdAt, editedAt: row.edited_at };
      return { id: row.seq, type: row.type, data: message };
    }
    case ChatEventType.MessageDeleted:
      return row.message_id === null
        ? undefined
        : { id: row.seq, type: row.type, data: { id: row.message_id, roomId: row.room_id } };
    case ChatEventType.RoomCreated:
      return row.r_name === null || row.r_topic === null || row.r_created_at === null
        ? undefined
        : { id: row.seq, type: row.type, data: toNewChatRoom({ id: row.room_id, name: row.r_name, topic: row.r_topic, created_at: row.r_created_at }) };
    default:
      return undefined;
  }
}
