import type pg from 'pg';
import type { AnalyticsRoom } from '@app/contracts';
import { busiestRooms, spanCounts, topContributors, type PairCount } from '../analytics-pairs.ts';
import type { AnalyticsCounts, AnalyticsCountsRequest, AnalyticsStore, TimeSpan } from '../storage.ts';

/**
 * The analytics figures on PostgreSQL: a faithful port of the SQLite store
 * (`../sqlite/analytics-store.ts`), the same three kinds of count on the same partial indexes
 * (migration 2 here), folded by the same code (`analytics-pairs.ts`), so both give the same
 * figures:
 *
 * - messages per local hour: one range of `created_at` per hour;
 * - messages per (author, room) in a span, the authors found by a loose index scan (a recursive
 *   query that seeks the next `author_sub`, one seek per author);
 * - active authors per day: for each author of the period, one seek per day.
 *
 * Spans travel as two arrays of instants, unnested in order, where SQLite reads a JSON array. The
 * independent counts run side by side, on up to four pooled connections.
 */
export function createPostgresAnalyticsStore(pool: pg.Pool): AnalyticsStore {
  const everyRoom = analyticsStatements(false);
  const oneRoom = analyticsStatements(true);

  return {
    listAnalyticsRooms: async () =>
      (await pool.query<AnalyticsRoom>('SELECT id, name FROM rooms ORDER BY name, id')).rows.map(({ id, name }) => ({ id, name })),

    countForAnalytics: async (request: AnalyticsCountsRequest): Promise<AnalyticsCounts> => {
      const sql = request.roomId === undefined ? everyRoom : oneRoom;
      const room = request.roomId === undefined ? [] : [request.roomId];
      const pairsIn = async (span: TimeSpan): Promise<PairCount[]> =>
        (await pool.query<PairCount>(sql.pairs, [span.start, span.end, ...room])).rows.map(({ sub, roomId, name, messages }) => ({ sub, roomId, name, messages }));
      const perSpan = async (statement: string, spans: readonly TimeSpan[], ...more: unknown[]): Promise<number[]> =>
        (await pool.query<{ n: number }>(statement, [spans.map((s) => s.start), spans.map((s) => s.end), ...room, ...more])).rows.map((row) => row.n);

      /** Each contributor's name in their latest message of the period: one seek per author, one round trip. */
      const withLatestNames = async <T extends { sub: string }>(contributors: T[]): Promise<(T & { name: string })[]> => {
        const { rows } = await pool.query<{ name: string | null }>(sql.latestNames, [request.current.start, request.current.end, ...room, contributors.map((c) => c.sub)]);
        return contributors.map((contributor, i) => ({ ...contributor, name: rows[i]?.name ?? contributor.sub }));
      };

      const current = await pairsIn(request.current);
      const authors = [...new Set(current.map((pair) => pair.sub))];
      // Independent counts, each on a pooled connection of its own: SQLite runs them one by one.
      const [previous, messagesPerHour, authorsPerDay, contributors] = await Promise.all([
        pairsIn(request.previous),
        perSpan(sql.messagesPerSpan, request.hours),
        perSpan(sql.authorsPerSpan, request.days, authors),
        withLatestNames(topContributors(current, request.contributorsShown)),
      ]);
      return {
        current: spanCounts(current),
        previous: spanCounts(previous),
        messagesPerHour,
        authorsPerDay,
        messagesPerRoom: busiestRooms(current, request.roomsShown),
        contributors,
      };
    },
  };
}

/**
 * Two forms, every room and one room (`$3`), as on SQLite, so each gets a plan (and index) of its
 * own. Parameters: `$1`, `$2` the span (or the spans' starts and ends), `$3` the room if any, then
 * the statement's own.
 */
function analyticsStatements(forOneRoom: boolean) {
  const live = forOneRoom ? 'm.deleted_at IS NULL AND m.room_id = $3' : 'm.deleted_at IS NULL';
  const next = forOneRoom ? 4 : 3;
  const spans = 'unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS s (start, stop, i)';
  const inEachSpan = 'm.created_at >= s.start AND m.created_at < s.stop';
  return {
    messagesPerSpan: `
      SELECT (SELECT COUNT(*) FROM messages m WHERE ${live} AND ${inEachSpan}) AS n
      FROM ${spans} ORDER BY s.i
    `,
    // The period's authors: only they can be active on one of its days.
    authorsPerSpan: `
      SELECT (SELECT COUNT(*) FROM unnest($${next}::text[]) AS a (sub)
              WHERE EXISTS (SELECT 1 FROM messages m WHERE ${live} AND m.author_sub = a.sub AND ${inEachSpan})) AS n
      FROM ${spans} ORDER BY s.i
    `,
    // The authors by a loose index scan (each step seeks the next author_sub), then a range count
    // per (author, room). MATERIALIZED: the count runs once per pair, not again for the filter.
    pairs: `
      WITH RECURSIVE authors (sub) AS (
        SELECT (SELECT MIN(m.author_sub) FROM messages m WHERE m.deleted_at IS NULL)
        UNION ALL
        SELECT (SELECT MIN(m.author_sub) FROM messages m WHERE m.deleted_at IS NULL AND m.author_sub > a.sub)
        FROM authors a WHERE a.sub IS NOT NULL
      ),
      pairs AS MATERIALIZED (
        SELECT a.sub, r.id AS "roomId", r.name,
          (SELECT COUNT(*) FROM messages m
           WHERE m.deleted_at IS NULL AND m.author_sub = a.sub AND m.room_id = r.id
             AND m.created_at >= $1::timestamptz AND m.created_at < $2::timestamptz) AS messages
        FROM authors a, rooms r
        WHERE a.sub IS NOT NULL${forOneRoom ? ' AND r.id = $3' : ''}
      )
      SELECT sub, "roomId", name, messages FROM pairs WHERE messages > 0
    `,
    // SQLite asks once per contributor; here one statement asks for all of them, in order.
    latestNames: `
      SELECT (SELECT m.author_name FROM messages m
              WHERE ${live} AND m.author_sub = a.sub AND m.created_at >= $1::timestamptz AND m.created_at < $2::timestamptz
              ORDER BY m.created_at DESC LIMIT 1) AS name
      FROM unnest($${next}::text[]) WITH ORDINALITY AS a (sub, i) ORDER BY a.i
    `,
  };
}
