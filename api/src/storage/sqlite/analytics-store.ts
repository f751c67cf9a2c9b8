import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AnalyticsRoom } from '@app/contracts';
import { busiestRooms, spanCounts, topContributors, type PairCount } from '../analytics-pairs.ts';
import { asRow } from '../chat-rows.ts';
import type { AnalyticsCounts, AnalyticsCountsRequest, AnalyticsStore, TimeSpan } from '../storage.ts';

/**
 * The analytics figures, aggregated in the database from the chat's tables, on the partial
 * indexes of migration 4 (live messages only). Three kinds of count, each a walk of index ranges
 * that never reads the table:
 *
 * - messages per local hour: one range of `created_at` per hour (`messages_live_by_time`, or
 *   `messages_live_by_room_and_time` for one room);
 * - messages per (author, room) in a span: the authors found by skipping from one to the next in
 *   `messages_live_by_author_room_and_time` (a loose index scan: one seek per author), then one
 *   range per pair. Totals, rooms and contributors are sums of these few rows;
 * - active authors per day: for each author of the period, one seek per day
 *   (`messages_live_by_author_and_time`).
 *
 * A `GROUP BY` over the period's messages would sort all of them instead: over a million messages,
 * several times slower (see `api/bench/analytics.ts`).
 */
export function createSqliteAnalyticsStore(db: DatabaseSync): AnalyticsStore {
  const everyRoom = prepareAnalyticsStatements(db, false);
  const oneRoom = prepareAnalyticsStatements(db, true);
  const listRooms = db.prepare('SELECT id, name FROM rooms ORDER BY name, id');

  return {
    listAnalyticsRooms: async () => listRooms.all().map((row) => ({ ...asRow<AnalyticsRoom>(row) })),

    countForAnalytics: async (request: AnalyticsCountsRequest): Promise<AnalyticsCounts> => {
      const sql = request.roomId === undefined ? everyRoom : oneRoom;
      const room = request.roomId === undefined ? {} : { roomId: request.roomId };
      const pairsIn = (span: TimeSpan): PairCount[] => sql.pairs.all({ ...room, ...span }).map((row) => ({ ...asRow<PairCount>(row) }));
      const current = pairsIn(request.current);
      const authors = [...new Set(current.map((pair) => pair.sub))];
      return {
        current: spanCounts(current),
        previous: spanCounts(pairsIn(request.previous)),
        messagesPerHour: perSpan(sql.messagesPerSpan, request.hours, room),
        authorsPerDay: perSpan(sql.authorsPerSpan, request.days, { ...room, authors: JSON.stringify(authors) }),
        messagesPerRoom: busiestRooms(current, request.roomsShown),
        contributors: topContributors(current, request.contributorsShown).map((contributor) => ({
          ...contributor,
          name: asRow<{ name: string } | undefined>(sql.latestName.get({ ...room, ...request.current, sub: contributor.sub }))?.name ?? contributor.sub,
        })),
      };
    },
  };
}

/** One count per span, in the order given (`:spans`: a JSON array of [start, end] pairs). */
function perSpan(statement: StatementSync, spans: readonly TimeSpan[], params: Record<string, string>): number[] {
  const json = JSON.stringify(spans.map(({ start, end }) => [start, end]));
  return statement.all({ ...params, spans: json }).map((row) => asRow<{ n: number }>(row).n);
}

function prepareAnalyticsStatements(db: DatabaseSync, forOneRoom: boolean) {
  // Two forms, every room and one room, so each gets its own plan (and index) rather than one plan
  // for `(:roomId IS NULL OR m.room_id = :roomId)` that suits neither.
  const live = forOneRoom ? 'm.deleted_at IS NULL AND m.room_id = :roomId' : 'm.deleted_at IS NULL';
  const inEachSpan = 'm.created_at >= s.value ->> 0 AND m.created_at < s.value ->> 1';
  return {
    messagesPerSpan: db.prepare(`
      SELECT (SELECT COUNT(*) FROM messages m WHERE ${live} AND ${inEachSpan}) AS n
      FROM json_each(:spans) s ORDER BY s.key
    `),
    // `:authors`: a JSON array of the period's authors; only they can be active on one of its days.
    authorsPerSpan: db.prepare(`
      SELECT (SELECT COUNT(*) FROM json_each(:authors) a
              WHERE EXISTS (SELECT 1 FROM messages m WHERE ${live} AND m.author_sub = a.value AND ${inEachSpan})) AS n
      FROM json_each(:spans) s ORDER BY s.key
    `),
    // The authors by a loose index scan (each step seeks the next author_sub), then a range count
    // per (author, room). MATERIALIZED: the count runs once per pair, not again for the filter.
    pairs: db.prepare(`
      WITH RECURSIVE authors (sub) AS (
        SELECT (SELECT MIN(m.author_sub) FROM messages m WHERE m.deleted_at IS NULL)
        UNION ALL
        SELECT (SELECT MIN(m.author_sub) FROM messages m WHERE m.deleted_at IS NULL AND m.author_sub > a.sub)
        FROM authors a WHERE a.sub IS NOT NULL
      ),
      pairs AS MATERIALIZED (
        SELECT a.sub, r.id AS roomId, r.name,
          (SELECT COUNT(*) FROM messages m
           WHERE m.deleted_at IS NULL AND m.author_sub = a.sub AND m.room_id = r.id
             AND m.created_at >= :start AND m.created_at < :end) AS messages
        FROM authors a, rooms r
        WHERE a.sub IS NOT NULL${forOneRoom ? ' AND r.id = :roomId' : ''}
      )
      SELECT sub, roomId, name, messages FROM pairs WHERE messages > 0
    `),
    latestName: db.prepare(`
      SELECT m.author_name AS name FROM messages m
      WHERE ${live} AND m.author_sub = :sub AND m.created_at >= :start AND m.created_at < :end
      ORDER BY m.created_at DESC LIMIT 1
    `),
  };
}
