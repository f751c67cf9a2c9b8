import pg from 'pg';
import type { AnalyticsRoom } from '@app/contracts';
import { busiestRooms, spanCounts, topContributors, type PairCount } from '../analytics-pairs.ts';
import { ANALYTICS_BUDGET_MS, AnalyticsTimeoutError } from '../analytics-timeout.ts';
import type { AnalyticsCounts, AnalyticsCountsRequest, AnalyticsStore, TimeSpan } from '../storage.ts';

/** PostgreSQL's answer to a statement cancelled by `statement_timeout`. */
const QUERY_CANCELED = '57014';

/**
 * The analytics figures on PostgreSQL, the same counts as on SQLite (`../sqlite/analytics-queries.ts`)
 * folded by the same code (`analytics-pairs.ts`), so both give the same figures, each aggregated
 * from the period's live messages on the partial indexes of migrations 2 and 4 (work that grows
 * with the period's messages, not with rooms × authors):
 *
 * - messages per local hour: one range of `created_at` per hour;
 * - messages per (author, room) in a span: one walk of the span's range, grouped (a hash aggregate);
 * - active authors per day: the distinct authors of each day's range.
 *
 * The server counts on the analytics thread (`api/src/analytics/analytics-thread.ts`), with a pool
 * of its own (`analytics-reader.ts`: a few connections, `statement_timeout` at the time budget), so
 * analysts never take the chat's connections, and a statement over the budget is cancelled by the
 * database. The independent counts run side by side, one connection each; `budgetMs` bounds them
 * all together too.
 */
export function createPostgresAnalyticsStore(pool: pg.Pool, budgetMs = ANALYTICS_BUDGET_MS): AnalyticsStore {
  const everyRoom = analyticsStatements(false);
  const oneRoom = analyticsStatements(true);

  const counts = async (request: AnalyticsCountsRequest): Promise<AnalyticsCounts> => {
    const sql = request.roomId === undefined ? everyRoom : oneRoom;
    const room = request.roomId === undefined ? [] : [request.roomId];
    const pairsIn = async (span: TimeSpan): Promise<PairCount[]> =>
      (await pool.query<PairCount>(sql.pairs, [span.start, span.end, ...room])).rows.map(({ sub, roomId, name, messages }) => ({ sub, roomId, name, messages }));
    const perSpan = async (statement: string, spans: readonly TimeSpan[]): Promise<number[]> =>
      (await pool.query<{ n: number }>(statement, [spans.map((s) => s.start), spans.map((s) => s.end), ...room])).rows.map((row) => row.n);

    /** Each contributor's name in their latest message of the period: one seek per author, one round trip. */
    const withLatestNames = async <T extends { sub: string }>(contributors: T[]): Promise<(T & { name: string })[]> => {
      const { rows } = await pool.query<{ name: string | null }>(sql.latestNames, [request.current.start, request.current.end, ...room, contributors.map((c) => c.sub)]);
      return contributors.map((contributor, i) => ({ ...contributor, name: rows[i]?.name ?? contributor.sub }));
    };

    const [current, previous, messagesPerHour, authorsPerDay] = await Promise.all([
      pairsIn(request.current),
      pairsIn(request.previous),
      perSpan(sql.messagesPerSpan, request.hours),
      perSpan(sql.authorsPerSpan, request.days),
    ]);
    return {
      current: spanCounts(current),
      previous: spanCounts(previous),
      messagesPerHour,
      authorsPerDay,
      messagesPerRoom: busiestRooms(current, request.roomsShown),
      contributors: await withLatestNames(topContributors(current, request.contributorsShown)),
    };
  };

  return {
    listAnalyticsRooms: async () =>
      (await pool.query<AnalyticsRoom>('SELECT id, name FROM rooms ORDER BY name, id')).rows.map(({ id, name }) => ({ id, name })),
    findAnalyticsRoom: async (roomId) => {
      const row = (await pool.query<AnalyticsRoom>('SELECT id, name FROM rooms WHERE id = $1', [roomId])).rows[0];
      return row === undefined ? undefined : { id: row.id, name: row.name };
    },
    countForAnalytics: (request) => withinBudget(counts(request), budgetMs),
  };
}

/** The counts, or {@link AnalyticsTimeoutError} at the budget (or when the server cancelled a statement at it). */
async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AnalyticsTimeoutError(budgetMs)), budgetMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === QUERY_CANCELED) throw new AnalyticsTimeoutError(budgetMs, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    // A statement still running after the answer is cancelled by statement_timeout; its failure is no one's.
    work.catch(() => undefined);
  }
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
    authorsPerSpan: `
      SELECT (SELECT COUNT(DISTINCT m.author_sub) FROM messages m WHERE ${live} AND ${inEachSpan}) AS n
      FROM ${spans} ORDER BY s.i
    `,
    // Grouped first, then named: the join reads one room row per pair, not one per message.
    pairs: `
      SELECT p.sub, p."roomId", r.name, p.messages FROM (
        SELECT m.author_sub AS sub, m.room_id AS "roomId", COUNT(*) AS messages FROM messages m
        WHERE ${live} AND m.created_at >= $1::timestamptz AND m.created_at < $2::timestamptz
        GROUP BY m.author_sub, m.room_id
      ) p JOIN rooms r ON r.id = p."roomId"
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
