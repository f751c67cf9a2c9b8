import type { DatabaseSync } from 'node:sqlite';
import { ChatLimits, type ChatRoom } from '@app/contracts';
import { asRow, toChatRoom, type RoomListRow } from '../chat-rows.ts';
import { readRoomPage } from '../room-pages.ts';
import type { ChatStore } from '../storage.ts';

/**
 * What the viewer sees of a room `r`: unread messages by others after their marker, counted up to
 * `ChatLimits.unreadCountMax` (so a room never opened costs a bounded walk of messages_by_room,
 * not its whole history), and the time of the latest live message.
 */
const ROOM_COLUMNS = `
  r.id, r.name, r.topic, r.created_at,
  (SELECT COUNT(*) FROM (
     SELECT 1 FROM messages m
     WHERE m.room_id = r.id AND m.deleted_at IS NULL AND m.author_sub <> :sub
       AND m.seq > COALESCE((SELECT k.last_read_seq FROM chat_read_markers k WHERE k.user_sub = :sub AND k.room_id = r.id), 0)
     LIMIT ${ChatLimits.unreadCountMax})) AS unread,
  (SELECT m.created_at FROM messages m WHERE m.room_id = r.id AND m.deleted_at IS NULL ORDER BY m.seq DESC LIMIT 1) AS last_message_at`;

/**
 * The room list on SQLite. A user takes part in a room when they have a read-marker row for it
 * (the store makes one, at 0, when they make the room or write in it): their rooms come from the
 * markers' key (user_sub, room_id), the others from the rooms' name index, skipping theirs.
 */
export function createSqliteRoomList(db: DatabaseSync): Pick<ChatStore, 'listRooms' | 'findRoomByName'> {
  const mine = db.prepare(`
    SELECT ${ROOM_COLUMNS}, 1 AS mine
    FROM chat_read_markers k JOIN rooms r ON r.id = k.room_id
    WHERE k.user_sub = :sub AND r.name > :after AND instr(r.name, :search) > 0
    ORDER BY r.name LIMIT :take
  `);
  const others = db.prepare(`
    SELECT ${ROOM_COLUMNS}, 0 AS mine
    FROM rooms r
    WHERE r.name > :after AND instr(r.name, :search) > 0
      AND NOT EXISTS (SELECT 1 FROM chat_read_markers k WHERE k.user_sub = :sub AND k.room_id = r.id)
    ORDER BY r.name LIMIT :take
  `);
  const named = db.prepare(`
    SELECT ${ROOM_COLUMNS},
      EXISTS (SELECT 1 FROM chat_read_markers k WHERE k.user_sub = :sub AND k.room_id = r.id) AS mine
    FROM rooms r WHERE r.name = :name
  `);
  const rooms = (rows: unknown[]): ChatRoom[] => rows.map((row) => toChatRoom(asRow<RoomListRow>(row)));

  return {
    listRooms: async (sub, page) =>
      readRoomPage({
        mine: async (after, take, search) => rooms(mine.all({ sub, after, take, search })),
        others: async (after, take, search) => rooms(others.all({ sub, after, take, search })),
      }, page),
    findRoomByName: async (sub, name) => rooms(named.all({ sub, name }))[0],
  };
}
