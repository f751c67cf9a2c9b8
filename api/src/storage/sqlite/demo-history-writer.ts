import type { DatabaseSync } from 'node:sqlite';
import { asRow } from '../chat-rows.ts';
import { demoIdRange, type DemoHistoryWritten, type DemoMessage, type DemoRoom } from '../demo-history-write.ts';
import { openSqliteDatabase } from './sqlite-storage.ts';
import { inTransaction } from './transaction.ts';

/**
 * Writes a demo history into the SQLite database at `path` (migrated first, with the app's own
 * migrations: there is one schema). Demo messages of an earlier run (ids starting with
 * `idPrefix`) are replaced; everything else (real rooms and messages) is left as it is. Rooms are
 * found by name, or made. All in one transaction: a failed run leaves the database as it was.
 *
 * Demo messages have no chat events: open live streams do not see them; a reload does.
 */
export function writeSqliteDemoHistory(
  path: string,
  idPrefix: string,
  rooms: readonly DemoRoom[],
  messages: Iterable<DemoMessage>,
): DemoHistoryWritten {
  const db = openSqliteDatabase(path);
  try {
    return inTransaction(db, () => {
      const replaced = Number(db.prepare('DELETE FROM messages WHERE id >= :from AND id < :to').run(demoIdRange(idPrefix)).changes);
      const { roomIds, created } = ensureRooms(db, idPrefix, rooms);
      const insert = db.prepare(`
        INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at, deleted_at)
        VALUES (:id, :roomId, :sub, :name, :body, :createdAt, :deletedAt)
      `);
      let count = 0;
      let deleted = 0;
      for (const message of messages) {
        insert.run({
          id: message.id,
          roomId: roomIds.get(message.roomName) ?? '',
          sub: message.author.sub,
          name: message.author.name,
          // A deleted message keeps its place and loses its text, as the chat deletes.
          body: message.deleted ? '' : message.body,
          createdAt: message.createdAt,
          deletedAt: message.deleted ? message.createdAt : null,
        });
        count++;
        if (message.deleted) deleted++;
      }
      return { messages: count, deleted, replaced, roomsCreated: created };
    });
  } finally {
    db.close();
  }
}

function ensureRooms(db: DatabaseSync, idPrefix: string, rooms: readonly DemoRoom[]): { roomIds: Map<string, string>; created: number } {
  const find = db.prepare('SELECT id FROM rooms WHERE name = :name');
  const insert = db.prepare("INSERT INTO rooms (id, name, topic, created_by) VALUES (:id, :name, :topic, 'demo')");
  const roomIds = new Map<string, string>();
  let created = 0;
  for (const { name, topic } of rooms) {
    const existing = find.get({ name });
    if (existing === undefined) {
      const id = `${idPrefix}room-${name}`;
      insert.run({ id, name, topic });
      roomIds.set(name, id);
      created++;
    } else {
      roomIds.set(name, asRow<{ id: string }>(existing).id);
    }
  }
  return { roomIds, created };
}
