import type pg from 'pg';
import { demoIdRange, type DemoHistoryWritten, type DemoMessage, type DemoRoom } from '../demo-history-write.ts';
import { migratePostgres } from './migrations.ts';
import { createPostgresPool, POSTGRES_LIMITS } from './pool.ts';
import { inTransaction } from './transaction.ts';

/** Rows sent per INSERT: large enough to amortise the round trips, small enough for any server. */
const BATCH = 5_000;

/**
 * Writes a demo history into the PostgreSQL database at `url` (migrated first, with the app's own
 * migrations), as the SQLite writer does: demo messages of an earlier run (ids starting with
 * `idPrefix`) are replaced, everything else is left as it is, rooms are found by name or made, all
 * in one transaction (the app's instances may keep serving meanwhile). Then `VACUUM ANALYZE`, so
 * the planner knows the new rows and the analytics counts can read the indexes alone.
 *
 * Demo messages have no chat events: open live streams do not see them; a reload does.
 */
export async function writePostgresDemoHistory(
  url: string,
  idPrefix: string,
  rooms: readonly DemoRoom[],
  messages: Iterable<DemoMessage>,
): Promise<DemoHistoryWritten> {
  // A bulk write may take minutes: no statement timeout on its connections.
  const limits = { ...POSTGRES_LIMITS, statementMs: 0, queryMs: 0, idleInTransactionMs: 0 };
  await migratePostgres(url, limits);
  const pool = createPostgresPool(url, limits, { onConnectionError: () => undefined });
  try {
    const written = await inTransaction(pool, async (db) => {
      const { from, to } = demoIdRange(idPrefix);
      const replaced = (await db.query('DELETE FROM messages WHERE id >= $1 AND id < $2', [from, to])).rowCount ?? 0;
      const { roomIds, created } = await ensureRooms(db, idPrefix, rooms);
      let count = 0;
      let deleted = 0;
      let batch: DemoMessage[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length > 0) await insertBatch(db, batch, roomIds);
        batch = [];
      };
      for (const message of messages) {
        batch.push(message);
        count++;
        if (message.deleted) deleted++;
        if (batch.length === BATCH) await flush();
      }
      await flush();
      return { messages: count, deleted, replaced, roomsCreated: created };
    });
    await pool.query('VACUUM ANALYZE messages');
    return written;
  } finally {
    await pool.end();
  }
}

/** One INSERT of many rows, each column as an array. A deleted message keeps its place and loses its text. */
async function insertBatch(db: pg.PoolClient, batch: readonly DemoMessage[], roomIds: ReadonlyMap<string, string>): Promise<void> {
  await db.query(`
    INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at, deleted_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
  `, [
    batch.map((m) => m.id),
    batch.map((m) => roomIds.get(m.roomName) ?? ''),
    batch.map((m) => m.author.sub),
    batch.map((m) => m.author.name),
    batch.map((m) => (m.deleted ? '' : m.body)),
    batch.map((m) => m.createdAt),
    batch.map((m) => (m.deleted ? m.createdAt : null)),
  ]);
}

async function ensureRooms(db: pg.PoolClient, idPrefix: string, rooms: readonly DemoRoom[]): Promise<{ roomIds: Map<string, string>; created: number }> {
  const roomIds = new Map<string, string>();
  let created = 0;
  for (const { name, topic } of rooms) {
    const existing = (await db.query<{ id: string }>('SELECT id FROM rooms WHERE name = $1', [name])).rows[0];
    if (existing === undefined) {
      const id = `${idPrefix}room-${name}`;
      await db.query("INSERT INTO rooms (id, name, topic, created_by) VALUES ($1, $2, $3, 'demo')", [id, name, topic]);
      roomIds.set(name, id);
      created++;
    } else {
      roomIds.set(name, existing.id);
    }
  }
  return { roomIds, created };
}
