import type { DatabaseSync } from 'node:sqlite';
import { toLoggedEvent, type EventRow } from '../chat-event-rows.ts';
import { asRow } from '../chat-rows.ts';
import type { ChatEventLog } from '../storage.ts';
import { inTransaction } from './transaction.ts';

/**
 * The chat's event log on SQLite (`chat_events`). Rows hold what happened, not the text: payloads
 * are read from `messages` and `rooms` when an event is replayed, so text edited away or deleted
 * is never sent again.
 */
export function createSqliteChatEventLog(db: DatabaseSync): ChatEventLog {
  const sql = {
    position: db.prepare(`
      SELECT COALESCE((SELECT MAX(seq) FROM chat_events), 0) AS latest,
        (SELECT through_seq FROM chat_events_pruned WHERE id = 1) AS pruned_through
    `),
    countAfter: db.prepare('SELECT COUNT(*) AS count FROM chat_events WHERE seq > :after'),
    readAfter: db.prepare(`
      SELECT e.seq, e.type, e.room_id, e.message_id,
        m.author_sub, m.author_name, m.body, m.created_at AS m_created_at, m.edited_at, m.deleted_at,
        r.name AS r_name, r.topic AS r_topic, r.created_at AS r_created_at
      FROM chat_events e
      LEFT JOIN messages m ON m.id = e.message_id
      LEFT JOIN rooms r ON r.id = e.room_id
      WHERE e.seq > :after ORDER BY e.seq LIMIT :take
    `),
    newestBefore: db.prepare('SELECT MAX(seq) AS seq FROM chat_events WHERE created_at < :before'),
    pruneEvents: db.prepare('DELETE FROM chat_events WHERE seq <= :through'),
    movePruned: db.prepare('UPDATE chat_events_pruned SET through_seq = MAX(through_seq, :through) WHERE id = 1'),
    pruneKeys: db.prepare('DELETE FROM chat_idempotency_keys WHERE created_at < :before'),
  };

  return {
    eventLogPosition: async () => {
      const { latest, pruned_through: prunedThrough } = asRow<{ latest: number; pruned_through: number }>(sql.position.get());
      return { head: Math.max(latest, prunedThrough), prunedThrough };
    },

    countEventsAfter: async (id) => asRow<{ count: number }>(sql.countAfter.get({ after: id })).count,

    readEventsAfter: async (id, limit) => {
      const rows = sql.readAfter.all({ after: id, take: limit }).map((row) => asRow<EventRow>(row));
      return {
        events: rows.flatMap((row) => toLoggedEvent(row) ?? []),
        through: rows.at(-1)?.seq ?? id,
        more: rows.length === limit,
      };
    },

    // Pruned by seq, not by time: the log stays whole from `through_seq` on, even if the clock
    // went back between two events.
    pruneChat: async ({ eventsBefore, keysBefore }) =>
      inTransaction(db, () => {
        const through = asRow<{ seq: number | null }>(sql.newestBefore.get({ before: eventsBefore.toISOString() })).seq;
        const events = through === null ? 0 : Number(sql.pruneEvents.run({ through }).changes);
        if (through !== null) sql.movePruned.run({ through });
        const keys = Number(sql.pruneKeys.run({ before: keysBefore.toISOString() }).changes);
        return { events, keys };
      }),
  };
}
