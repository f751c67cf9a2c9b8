import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { busiestRooms, spanCounts, topContributors, type PairCount } from '../analytics-pairs.ts';
import { asRow } from '../chat-rows.ts';
import type { AnalyticsCounts, AnalyticsCountsRequest, TimeSpan } from '../storage.ts';

/** The analytics counts, synchronously: what the analytics thread runs (analytics-worker.ts). */
export type CountForAnalytics = (request: AnalyticsCountsRequest) => AnalyticsCounts;

/**
 * The analytics figures, aggregated in SQLite from the period's live messages, on the partial
 * indexes of migrations 4 and 6 (live messages only), never reading the table. Each count walks
 * the period's entries of an index in time order, so its cost follows the messages of the period,
 * whatever the number of rooms and authors:
 *
 * - messages per local hour: one range of `created_at` per hour;
 * - messages per (author, room) in a span: the span's distinct (author, room) pairs, from one walk
 *   of `messages_live_by_time_author_room` (SQLite keeps only the distinct pairs, where a `GROUP BY`
 *   would sort every message), then a range count per pair in `messages_live_by_author_room_and_time`.
 *   Totals, rooms and contributors are sums of these rows (analytics-pairs.ts);
 * - active authors per day: the distinct authors of each day's range.
 *
 * With one room, the same on `messages_live_by_room_time_author`.
 */
export function createSqliteAnalyticsCounter(db: DatabaseSync): CountForAnalytics {
  const everyRoom = prepareAnalyticsStatements(db, false);
  const oneRoom = prepareAnalyticsStatements(db, true);

  return (request) => {
    const sql = request.roomId === undefined ? everyRoom : oneRoom;
    const room = request.roomId === undefined ? {} : { roomId: request.roomId };
    const pairsIn = (span: TimeSpan): PairCount[] => sql.pairs.all({ ...room, ...span }).map((row) => ({ ...asRow<PairCount>(row) }));
    const current = pairsIn(request.current);
    return {
      current: spanCounts(current),
      previous: spanCounts(pairsIn(request.previous)),
      messagesPerHour: perSpan(sql.messagesPerSpan, request.hours, room),
      authorsPerDay: perSpan(sql.authorsPerSpan, request.days, room),
      messagesPerRoom: busiestRooms(current, request.roomsShown),
      contributors: topContributors(current, request.contributorsShown).map((contributor) => ({
        ...contributor,
        name: asRow<{ name: string } | undefined>(sql.latestName.get({ ...room, ...request.current, sub: contributor.sub }))?.name ?? contributor.sub,
      })),
    };
  };
}

/** One count per span, in the order given (`:spans`: a JSON array of [start, end] pairs). */
function perSpan(statement: StatementSync, spans: readonly TimeSpan[], params: Record<string, string>): number[] {
  const json = JSON.stringify(spans.map(({ start, end }) => [start, end]));
  return statement.all({ ...params, spans: json }).map((row) => asRow<{ n: number }>(row).n);
}

function prepareAnalyticsStatements(db: DatabaseSync, forOneRoom: boolean) {
  // Two forms, every room and one room, each planned on its own index (sqlite-storage.test.ts checks
  // which): one plan for `(:roomId IS NULL OR m.room_id = :roomId)` would suit neither.
  const byTime = 'messages m';
  const live = forOneRoom ? 'm.deleted_at IS NULL AND m.room_id = :roomId' : 'm.deleted_at IS NULL';
  const inEachSpan = 'm.created_at >= s.value ->> 0 AND m.created_at < s.value ->> 1';
  return {
    messagesPerSpan: db.prepare(`
      SELECT (SELECT COUNT(*) FROM ${byTime} WHERE ${live} AND ${inEachSpan}) AS n
      FROM json_each(:spans) s ORDER BY s.key
    `),
    authorsPerSpan: db.prepare(`
      SELECT (SELECT COUNT(DISTINCT m.author_sub) FROM ${byTime} WHERE ${live} AND ${inEachSpan}) AS n
      FROM json_each(:spans) s ORDER BY s.key
    `),
    // MATERIALIZED: the pairs are found once, then each counted once.
    pairs: db.prepare(`
      WITH pairs AS MATERIALIZED (
        SELECT DISTINCT m.author_sub AS sub, m.room_id AS roomId FROM ${byTime}
        WHERE ${live} AND m.created_at >= :start AND m.created_at < :end
      )
      SELECT p.sub, p.roomId, r.name,
        (SELECT COUNT(*) FROM messages m
         WHERE m.deleted_at IS NULL AND m.author_sub = p.sub AND m.room_id = p.roomId
           AND m.created_at >= :start AND m.created_at < :end) AS messages
      FROM pairs p JOIN rooms r ON r.id = p.roomId
    `),
    latestName: db.prepare(`
      SELECT m.author_name AS name FROM messages m
      WHERE m.deleted_at IS NULL AND m.author_sub = :sub AND m.created_at >= :start AND m.created_at < :end${forOneRoom ? ' AND m.room_id = :roomId' : ''}
      ORDER BY m.created_at DESC LIMIT 1
    `),
  };
}
