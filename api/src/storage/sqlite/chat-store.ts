import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { ChatEventType, type ChatMessage } from '@app/contracts';
import {
  IdempotencyKeyReusedError,
  MessageNotFoundError,
  RoomNameTakenError,
  RoomNotFoundError,
  SentMessageDeletedError,
} from '../../chat/chat-errors.ts';
import type { ChatLoggedEvent, ChatStore, HistoryPage, NewMessage, PostedMessage } from '../storage.ts';
import { asRow, MESSAGE_COLUMNS, toChatMessage, toNewChatRoom, type MessageRow, type RoomRow } from '../chat-rows.ts';
import { NOW } from './migrations.ts';
import { createSqliteRoomList } from './room-list.ts';
import { inTransaction } from './transaction.ts';

/**
 * The chat's rooms, messages, read markers and idempotency keys on SQLite. Every write that makes
 * an event also appends it to `chat_events` in the same transaction, so the log and the data
 * never disagree, whatever crashes when.
 */
export function createSqliteChatStore(db: DatabaseSync): ChatStore {
  const sql = prepareChatStatements(db);

  const roomExists = (roomId: string): boolean => sql.roomExists.get({ roomId }) !== undefined;
  const logEvent = (type: ChatEventType, roomId: string, messageId: string | null): number =>
    asRow<{ seq: number }>(sql.insertEvent.get({ type, roomId, messageId })).seq;

  return {
    ...createSqliteRoomList(db),

    createRoom: async ({ name, topic, createdBy }) =>
      inTransaction(db, () => {
        if (sql.roomNamed.get({ name }) !== undefined) throw new RoomNameTakenError(name);
        const row = asRow<RoomRow>(sql.insertRoom.get({ id: randomUUID(), name, topic, createdBy }));
        sql.takePart.run({ userSub: createdBy, roomId: row.id });
        const data = toNewChatRoom(row);
        const event: ChatLoggedEvent = { id: logEvent(ChatEventType.RoomCreated, row.id, null), type: ChatEventType.RoomCreated, data };
        return { room: toNewChatRoom(row, true), event };
      }),

    postMessage: async (message) => inTransaction(db, () => replayPost(message) ?? createPost(message)),

    listMessages: async (roomId, { beforeSeq, limit }): Promise<HistoryPage> => {
      if (!roomExists(roomId)) throw new RoomNotFoundError();
      const rows = sql.pageBefore
        .all({ roomId, before: beforeSeq ?? Number.MAX_SAFE_INTEGER, take: limit + 1 })
        .map((row) => asRow<MessageRow>(row));
      const page = rows.slice(0, limit).reverse();
      return { messages: page.map(toChatMessage), olderThan: rows.length > limit ? (page[0]?.seq ?? null) : null };
    },

    findMessage: async (messageId) => {
      const row = sql.messageById.get({ messageId });
      if (row === undefined) return undefined;
      const message = asRow<MessageRow>(row);
      return { ...toChatMessage(message), deleted: message.deleted_at !== null };
    },

    editMessage: async (messageId, body) =>
      inTransaction(db, () => {
        const row = sql.updateBody.get({ messageId, body });
        if (row === undefined) return undefined;
        const message = toChatMessage(asRow<MessageRow>(row));
        const id = logEvent(ChatEventType.MessageUpdated, message.roomId, message.id);
        return { message, event: { id, type: ChatEventType.MessageUpdated, data: message } };
      }),

    deleteMessage: async (messageId) =>
      inTransaction(db, () => {
        const row = sql.markDeleted.get({ messageId });
        if (row === undefined) return undefined;
        const { room_id: roomId } = asRow<{ room_id: string }>(row);
        const id = logEvent(ChatEventType.MessageDeleted, roomId, messageId);
        return { id, type: ChatEventType.MessageDeleted, data: { id: messageId, roomId } };
      }),

    markRead: async (userSub, roomId, messageId) => {
      const row = sql.messageInRoom.get({ messageId, roomId });
      if (row === undefined) {
        if (!roomExists(roomId)) throw new RoomNotFoundError();
        throw new MessageNotFoundError('There is no such message in this room');
      }
      sql.moveReadMarker.run({ userSub, roomId, seq: asRow<{ seq: number }>(row).seq });
    },
  };

  /** The message an earlier post with this key made, if any (draft-ietf-httpapi-idempotency-key-header). */
  function replayPost({ author, idempotencyKey, fingerprint }: NewMessage): PostedMessage | undefined {
    const earlier = sql.keyOf.get({ sub: author.sub, key: idempotencyKey });
    if (earlier === undefined) return undefined;
    const { request_hash: requestHash, message_id: messageId } = asRow<{ request_hash: string; message_id: string }>(earlier);
    if (requestHash !== fingerprint) throw new IdempotencyKeyReusedError();
    const row = asRow<MessageRow>(sql.messageById.get({ messageId }));
    if (row.deleted_at !== null) throw new SentMessageDeletedError();
    return { created: false, message: toChatMessage(row) };
  }

  function createPost({ roomId, author, body, idempotencyKey, fingerprint }: NewMessage): PostedMessage {
    if (!roomExists(roomId)) throw new RoomNotFoundError();
    const row = sql.insertMessage.get({ id: randomUUID(), roomId, sub: author.sub, name: author.name, body });
    const message: ChatMessage = toChatMessage(asRow<MessageRow>(row));
    sql.insertKey.run({ sub: author.sub, key: idempotencyKey, hash: fingerprint, messageId: message.id });
    sql.takePart.run({ userSub: author.sub, roomId });
    const id = logEvent(ChatEventType.MessageCreated, roomId, message.id);
    return { created: true, message, event: { id, type: ChatEventType.MessageCreated, data: message } };
  }
}

function prepareChatStatements(db: DatabaseSync) {
  return {
    roomExists: db.prepare('SELECT 1 FROM rooms WHERE id = :roomId'),
    roomNamed: db.prepare('SELECT 1 FROM rooms WHERE name = :name'),
    insertRoom: db.prepare(`
      INSERT INTO rooms (id, name, topic, created_by) VALUES (:id, :name, :topic, :createdBy)
      RETURNING id, name, topic, created_at
    `),
    insertMessage: db.prepare(`
      INSERT INTO messages (id, room_id, author_sub, author_name, body) VALUES (:id, :roomId, :sub, :name, :body)
      RETURNING ${MESSAGE_COLUMNS}
    `),
    insertKey: db.prepare(`
      INSERT INTO chat_idempotency_keys (user_sub, key, request_hash, message_id) VALUES (:sub, :key, :hash, :messageId)
    `),
    keyOf: db.prepare('SELECT request_hash, message_id FROM chat_idempotency_keys WHERE user_sub = :sub AND key = :key'),
    insertEvent: db.prepare(`
      INSERT INTO chat_events (type, room_id, message_id) VALUES (:type, :roomId, :messageId) RETURNING seq
    `),
    pageBefore: db.prepare(`
      SELECT ${MESSAGE_COLUMNS} FROM messages
      WHERE room_id = :roomId AND deleted_at IS NULL AND seq < :before
      ORDER BY seq DESC LIMIT :take
    `),
    messageById: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = :messageId`),
    messageInRoom: db.prepare('SELECT seq FROM messages WHERE id = :messageId AND room_id = :roomId'),
    updateBody: db.prepare(`
      UPDATE messages SET body = :body, edited_at = ${NOW} WHERE id = :messageId AND deleted_at IS NULL
      RETURNING ${MESSAGE_COLUMNS}
    `),
    // The text goes; the row stays, so read markers and cursors pointing at it keep their place.
    markDeleted: db.prepare(`
      UPDATE messages SET body = '', deleted_at = ${NOW} WHERE id = :messageId AND deleted_at IS NULL
      RETURNING room_id
    `),
    // A read marker at 0 (nothing read): the user takes part in the room, which their room list shows first.
    takePart: db.prepare(`
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq) VALUES (:userSub, :roomId, 0)
      ON CONFLICT (user_sub, room_id) DO NOTHING
    `),
    moveReadMarker: db.prepare(`
      INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq) VALUES (:userSub, :roomId, :seq)
      ON CONFLICT (user_sub, room_id) DO UPDATE
        SET last_read_seq = MAX(last_read_seq, excluded.last_read_seq), updated_at = ${NOW}
    `),
  };
}
