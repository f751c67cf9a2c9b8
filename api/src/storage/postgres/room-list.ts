import type pg from 'pg';
import { ChatLimits } from '@app/contracts';
import { toChatRoom, type RoomListRow } from '../chat-rows.ts';
import { readRoomPage } from '../room-pages.ts';
import type { ChatStore } from '../storage.ts';

/**
 * What the viewer (`$1`) sees of a room `r`: unread messages by others after their marker, counted
 * up to `ChatLimits.unreadCountMax`, and the time of the latest live message (messages_by_room).
 */
const ROOM_COLUMNS = `
  r.id, r.name, r.topic, r.created_at,
  (SELECT COUNT(*) FROM (
     SELECT 1 FROM messages m
     WHERE m.room_id = r.id AND m.deleted_at IS NULL AND m.author_sub <> $1
       AND m.seq > COALESCE((SELECT k.last_read_seq FROM chat_read_markers k WHERE k.user_sub = $1 AND k.room_id = r.id), 0)
     LIMIT ${ChatLimits.unreadCountMax}) AS counted) AS unread,
  (SELECT m.created_at FROM messages m WHERE m.room_id = r.id AND m.deleted_at IS NULL ORDER BY m.seq DESC LIMIT 1) AS last_message_at`;

/**
 * The room list on PostgreSQL, as on SQLite (`../sqlite/room-list.ts`): the viewer's rooms from
 * their read markers, the others from the rooms' name index. Parameters: `$1` the viewer, `$2` after
 * (a name), `$3` the page size, `$4` the search.
 */
export function createPostgresRoomList(pool: pg.Pool): Pick<ChatStore, 'listRooms' | 'findRoomByName'> {
  const read = async (sql: string, params: unknown[]) => (await pool.query<RoomListRow>(sql, params)).rows.map(toChatRoom);
  return {
    listRooms: async (sub, page) =>
      readRoomPage({
        mine: (after, take, search) => read(`
          SELECT ${ROOM_COLUMNS}, true AS mine
          FROM chat_read_markers k JOIN rooms r ON r.id = k.room_id
          WHERE k.user_sub = $1 AND r.name > $2 AND strpos(r.name, $4) > 0
          ORDER BY r.name LIMIT $3
        `, [sub, after, take, search]),
        others: (after, take, search) => read(`
          SELECT ${ROOM_COLUMNS}, false AS mine
          FROM rooms r
          WHERE r.name > $2 AND strpos(r.name, $4) > 0
            AND NOT EXISTS (SELECT 1 FROM chat_read_markers k WHERE k.user_sub = $1 AND k.room_id = r.id)
          ORDER BY r.name LIMIT $3
        `, [sub, after, take, search]),
      }, page),
    findRoomByName: async (sub, name) =>
      (await read(`
        SELECT ${ROOM_COLUMNS}, EXISTS (SELECT 1 FROM chat_read_markers k WHERE k.user_sub = $1 AND k.room_id = r.id) AS mine
        FROM rooms r WHERE r.name = $2
      `, [sub, name]))[0],
  };
}
