/**
 * The analytics counts folded from one row per (author, room) in a span: totals, the busiest rooms,
 * the top contributors. Both databases count the pairs; the folding is the same code, so the
 * figures and their order are the same on both.
 */
import type { AnalyticsCounts, SpanCounts } from './storage.ts';

/** How many live messages one author wrote in one room during a span. */
export interface PairCount {
  readonly sub: string;
  readonly roomId: string;
  readonly name: string;
  readonly messages: number;
}

export function spanCounts(pairs: readonly PairCount[]): SpanCounts {
  return {
    messages: pairs.reduce((sum, pair) => sum + pair.messages, 0),
    authors: new Set(pairs.map((pair) => pair.sub)).size,
    rooms: new Set(pairs.map((pair) => pair.roomId)).size,
  };
}

export function busiestRooms(pairs: readonly PairCount[], take: number): AnalyticsCounts['messagesPerRoom'] {
  const rooms = new Map<string, { roomId: string; name: string; messages: number }>();
  for (const { roomId, name, messages } of pairs) {
    const room = rooms.get(roomId) ?? { roomId, name, messages: 0 };
    room.messages += messages;
    rooms.set(roomId, room);
  }
  return [...rooms.values()].sort((a, b) => b.messages - a.messages || compareText(a.name, b.name)).slice(0, take);
}

export function topContributors(pairs: readonly PairCount[], take: number): { sub: string; messages: number; rooms: number }[] {
  const authors = new Map<string, { sub: string; messages: number; rooms: number }>();
  for (const { sub, messages } of pairs) {
    const author = authors.get(sub) ?? { sub, messages: 0, rooms: 0 };
    author.messages += messages;
    author.rooms += 1;
    authors.set(sub, author);
  }
  return [...authors.values()].sort((a, b) => b.messages - a.messages || compareText(a.sub, b.sub)).slice(0, take);
}

/**
 * Code-point order, as SQLite's default collation and PostgreSQL's "C" collation sort: the same order
 * wherever it is computed.
 */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
