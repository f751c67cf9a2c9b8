import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ChatEventType, type ChatMessage } from '@app/contracts';
import {
  IdempotencyKeyReusedError,
  MessageNotFoundError,
  RoomNameTakenError,
  RoomNotFoundError,
  SentMessageDeletedError,
} from '../../chat/chat-errors.ts';
import { MESSAGE_COLUMNS, toChatMessage, toNewChatRoom, type MessageRow, type RoomRow } from '../chat-rows.ts';
import type { ChatLoggedEvent, ChatStore, HistoryPage, NewMessage, PostedMessage } from '../storage.ts';
import { ADVISORY_LOCK, CHAT_EVENTS_CHANNEL } from './advisory-locks.ts';
import { createPostgresRoomList } from './room-list.ts';
import { inTransaction } from './transaction.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The chat's rooms, messages, read markers and idempotency keys on PostgreSQL, shared by every
 * instance. As on SQLite, every write that makes an event appends it to `chat_events` in the same
 * transaction; here the transaction also `NOTIFY`s the event's `seq` (and a post's `Idempotency-Key`),
 * which PostgreSQL delivers to every instance's listener once (and only if) the transaction commits.
 *
 * Two things SQLite's single writer gave for free are made explicit:
 * - **Events commit in `seq` order.** An identity hands out numbers at insert, not at commit: two
 *   concurrent posts could commit 12 before 11, and a reader that saw 12 would skip 11 for good.
 *   So the append takes {@link ADVISORY_LOCK.chatEvents} until commit (the last statement before
 *   it, so the lock is held for one insert and a commit).
 * - **One post per `Idempotency-Key` at a time.** The same key sent to two instances at once:
 *   the second waits on a lock for that (user, key), then finds the first's message.
 */
export function createPostgresChatStore(pool: pg.Pool): ChatStore {
  const roomExists = async (db: Queryable, roomId: string): Promise<boolean> =>
    (await db.query('SELECT 1 FROM rooms WHERE id = $1', [roomId])).rowCount !== 0;

  return {
    ...createPostgresRoomList(pool),

    createRoom: async ({ name, topic, createdBy }) =>
      inTransaction(pool, async (db) => {
        const { rows } = await db.query<RoomRow>(`
          INSERT INTO rooms (id, name, topic, created_by) VALUES ($1, $2, $3, $4)
          ON CONFLICT (name) DO NOTHING
          RETURNING id, name, topic, created_at
        `, [randomUUID(), name, topic, createdBy]);
        const row = rows[0];
        if (row === undefined) throw new RoomNameTakenError(name);
        await takePart(db, createdBy, row.id);
        const event: ChatLoggedEvent = { id: await logEvent(db, ChatEventType.RoomCreated, row.id, null), type: ChatEventType.RoomCreated, data: toNewChatRoom(row) };
        return { room: toNewChatRoom(row, true), event };
      }),

    postMessage: async (message) =>
      inTransaction(pool, async (db) => {
        await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          ADVISORY_LOCK.idempotencyKeys,
          JSON.stringify([message.author.sub, message.idempotencyKey]),
        ]);
        return (await replayPost(db, message)) ?? (await createPost(db, message));
      }),

    listMessages: async (roomId, { beforeSeq, limit }): Promise<HistoryPage> => {
      if (!(await roomExists(pool, roomId))) throw new RoomNotFoundError();
      const { rows } = await pool.query<MessageRow>(`
        SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE room_id = $1 AND deleted_at IS NULL AND seq < $2
        ORDER BY seq DESC LIMIT $3
      `, [roomId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1]);
      const page = rows.slice(0, limit).reverse();
      return { messages: page.map(toChatMessage), olderThan: rows.length > limit ? (page[0]?.seq ?? null) : null };
    },

    findMessage: async (messageId) => {
      const row = (await pool.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`, [messageId])).rows[0];
      return row === undefined ? undefined : { ...toChatMessage(row), deleted: row.deleted_at !== null };
    },

    editMessage: async (messageId, body) =>
      inTransaction(pool, async (db) => {
        const { rows } = await db.query<MessageRow>(`
          UPDATE messages SET body = $2, edited_at = now() WHERE id = $1 AND deleted_at IS NULL
          RETURNING ${MESSAGE_COLUMNS}
        `, [messageId, body]);
        if (rows[0] === undefined) return undefined;
        const message = toChatMessage(rows[0]);
        const id = await logEvent(db, ChatEventType.MessageUpdated, message.roomId, message.id);
        return { message, event: { id, type: ChatEventType.MessageUpdated, data: message } };
      }),

    deleteMessage: async (messageId) =>
      inTransaction(pool, async (db) => {
        // The text goes; the row stays, so read markers and cursors pointing at it keep their place.
        const { rows } = await db.query<{ room_id: string }>(`
          UPDATE messages SET body = '', deleted_at = now() WHERE id = $1 AND deleted_at IS NULL
          RETURNING room_id
        `, [messageId]);
        const roomId = rows[0]?.room_id;
        if (roomId === undefined) return undefined;
        const id = await logEvent(db, ChatEventType.MessageDeleted, roomId, messageId);
        return { id, type: ChatEventType.MessageDeleted, data: { id: messageId, roomId } };
      }),

    markRead: async (userSub, roomId, messageId) => {
      const row = (await pool.query<{ seq: number }>('SELECT seq FROM messages WHERE id = $1 AND room_id = $2', [messageId, roomId])).rows[0];
      if (row === undefined) {
        if (!(await roomExists(pool, roomId))) throw new RoomNotFoundError();
        throw new MessageNotFoundError('There is no such message in this room');
      }
      await pool.query(`
        INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq) VALUES ($1, $2, $3)
        ON CONFLICT (user_sub, room_id) DO UPDATE
          SET last_read_seq = GREATEST(chat_read_markers.last_read_seq, excluded.last_read_seq), updated_at = now()
      `, [userSub, roomId, row.seq]);
    },
  };

  /** The message an earlier post with this key made, if any (draft-ietf-httpapi-idempotency-key-header). */
  async function replayPost(db: Queryable, { author, idempotencyKey, fingerprint }: NewMessage): Promise<PostedMessage | undefined> {
    const { rows } = await db.query<{ request_hash: string; message_id: string }>(
      'SELECT request_hash, message_id FROM chat_idempotency_keys WHERE user_sub = $1 AND key = $2',
      [author.sub, idempotencyKey],
    );
    const earlier = rows[0];
    if (earlier === undefined) return undefined;
    if (earlier.request_hash !== fingerprint) throw new IdempotencyKeyReusedError();
    const row = (await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`, [earlier.message_id])).rows[0];
    if (row === undefined || row.deleted_at !== null) throw new SentMessageDeletedError();
    return { created: false, message: toChatMessage(row) };
  }

  async function createPost(db: Queryable, { roomId, author, body, idempotencyKey, fingerprint }: NewMessage): Promise<PostedMessage> {
    if (!(await roomExists(db, roomId))) throw new RoomNotFoundError();
    const { rows } = await db.query<MessageRow>(`
      INSERT INTO messages (id, room_id, author_sub, author_name, body) VALUES ($1, $2, $3, $4, $5)
      RETURNING ${MESSAGE_COLUMNS}
    `, [randomUUID(), roomId, author.sub, author.name, body]);
    const message: ChatMessage = toChatMessage(rows[0] as MessageRow);
    await db.query(
      'INSERT INTO chat_idempotency_keys (user_sub, key, request_hash, message_id) VALUES ($1, $2, $3, $4)',
      [author.sub, idempotencyKey, fingerprint, message.id],
    );
    await takePart(db, author.sub, roomId);
    const id = await logEvent(db, ChatEventType.MessageCreated, roomId, message.id, idempotencyKey);
    return { created: true, message, event: { id, type: ChatEventType.MessageCreated, data: message } };
  }
}

/**
 * Appends an event and notifies its `seq`, under {@link ADVISORY_LOCK.chatEvents} (held until the
 * caller commits, which must follow at once). Must be the transaction's last statement. A post's
 * `Idempotency-Key` goes in the notification (`<seq> <key>`, chat-event-hub.ts), never in the log.
 */
async function logEvent(db: Queryable, type: ChatEventType, roomId: string, messageId: string | null, idempotencyKey?: string): Promise<number> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.chatEvents]);
  const { rows } = await db.query<{ seq: number }>(`
    WITH event AS (INSERT INTO chat_events (type, room_id, message_id) VALUES ($1, $2, $3) RETURNING seq)
    SELECT seq, pg_notify('${CHAT_EVENTS_CHANNEL}', seq::text || COALESCE(' ' || $4::text, '')) FROM event
  `, [type, roomId, messageId, idempotencyKey ?? null]);
  return (rows[0] as { seq: number }).seq;
}

/** A read marker at 0 (nothing read): the user takes part in the room, which their room list shows first. */
async function takePart(db: Queryable, userSub: string, roomId: string): Promise<void> {
  await db.query(`
    INSERT INTO chat_read_markers (user_sub, room_id, last_read_seq) VALUES ($1, $2, 0)
    ON CONFLICT (user_sub, room_id) DO NOTHING
  `, [userSub, roomId]);
}
