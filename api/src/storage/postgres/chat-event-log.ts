import type pg from 'pg';
import { toLoggedEvent, type EventRow } from '../chat-event-rows.ts';
import type { ChatEventLog } from '../storage.ts';
import { inTransaction } from './transaction.ts';

/**
 * The chat's event log on PostgreSQL (`chat_events`), shared by every instance: any instance
 * resumes any stream from its `Last-Event-ID`. As on SQLite, rows hold what happened, not the text:
 * payloads are read from `messages` and `rooms` when an event is sent.
 */
export function createPostgresChatEventLog(pool: pg.Pool): ChatEventLog {
  return {
    eventLogPosition: async () => {
      const { rows } = await pool.query<{ latest: number; pruned_through: number }>(`
        SELECT COALESCE((SELECT MAX(seq) FROM chat_events), 0) AS latest,
          (SELECT through_seq FROM chat_events_pruned WHERE id = 1) AS pruned_through
      `);
      const { latest, pruned_through: prunedThrough } = rows[0] as { latest: number; pruned_through: number };
      return { head: Math.max(latest, prunedThrough), prunedThrough };
    },

    countEventsAfter: async (id) =>
      (await pool.query<{ count: number }>('SELECT COUNT(*) AS count FROM chat_events WHERE seq > $1', [id])).rows[0]?.count ?? 0,

    readEventsAfter: async (id, limit) => {
      const { rows } = await pool.query<EventRow>(`
        SELECT e.seq, e.type, e.room_id, e.message_id,
          m.author_sub, m.author_name, m.body, m.created_at AS m_created_at, m.edited_at, m.deleted_at,
          r.name AS r_name, r.topic AS r_topic, r.created_at AS r_created_at
        FROM chat_events e
        LEFT JOIN messages m ON m.id = e.message_id
        LEFT JOIN rooms r ON r.id = e.room_id
        WHERE e.seq > $1 ORDER BY e.seq LIMIT $2
      `, [id, limit]);
      return {
        events: rows.flatMap((row) => toLoggedEvent(row) ?? []),
        through: rows.at(-1)?.seq ?? id,
        more: rows.length === limit,
      };
    },

    // Pruned by seq, not by time, as on SQLite. Every instance prunes; GREATEST keeps the marker
    // from moving back when two prune at once.
    pruneChat: async ({ eventsBefore, keysBefore }) =>
      inTransaction(pool, async (db) => {
        const through = (await db.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM chat_events WHERE created_at < $1', [eventsBefore.toISOString()])).rows[0]?.seq ?? null;
        let events = 0;
        if (through !== null) {
          events = (await db.query('DELETE FROM chat_events WHERE seq <= $1', [through])).rowCount ?? 0;
          await db.query('UPDATE chat_events_pruned SET through_seq = GREATEST(through_seq, $1) WHERE id = 1', [through]);
        }
        const keys = (await db.query('DELETE FROM chat_idempotency_keys WHERE created_at < $1', [keysBefore.toISOString()])).rowCount ?? 0;
        return { events, keys };
      }),
  };
}
