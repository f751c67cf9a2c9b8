/**
 * A small chat history with hand-picked timestamps around the night Paris moves its clocks forward
 * (Sunday 2026-03-29, 02:00 CET → 03:00 CEST, at 01:00 UTC), for tests whose expected figures are
 * worked out by hand. Rows go straight into the app's database, SQLite or PostgreSQL (the chat API
 * stamps messages with the current time; these need the past).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createChatTestbed, type ChatTestbed, type UserName } from './fixtures/chat.ts';
import type { TestDatabase } from './fixtures/test-database.ts';

export interface HistoryMessage {
  readonly id: string;
  readonly room: 'general' | 'random';
  readonly sub: string;
  readonly name: string;
  readonly at: string;
  readonly deleted?: boolean;
}

export const ROOM_IDS = { general: 'room-general', random: 'room-random' } as const;

/**
 * Paris local times in the comments. The current period asked for is 2026-03-28 (Sat) to 2026-03-30
 * (Mon); the previous one 2026-03-25 to 2026-03-27.
 */
export const HISTORY: readonly HistoryMessage[] = [
  { id: 'm12', room: 'random', sub: 'bob', name: 'Bob', at: '2026-03-25T10:00:00.000Z' }, // Wed 25, 11:00 CET: previous
  { id: 'm1', room: 'general', sub: 'alice', name: 'Alice', at: '2026-03-27T22:30:00.000Z' }, // Fri 27, 23:30: previous
  { id: 'm2', room: 'general', sub: 'bob', name: 'Bob', at: '2026-03-27T23:00:00.000Z' }, // Sat 28, 00:00: first instant
  { id: 'm3', room: 'random', sub: 'alice', name: 'Alice', at: '2026-03-28T22:59:59.999Z' }, // Sat 28, 23:59:59.999
  { id: 'm4', room: 'general', sub: 'alice', name: 'Alice', at: '2026-03-28T23:00:00.000Z' }, // Sun 29, 00:00
  { id: 'm5', room: 'random', sub: 'bob', name: 'Bob', at: '2026-03-29T00:30:00.000Z' }, // Sun 29, 01:30 CET
  { id: 'm6', room: 'general', sub: 'bob', name: 'Bob', at: '2026-03-29T01:00:00.000Z' }, // Sun 29, 03:00 CEST (02:xx never happens)
  { id: 'm7', room: 'general', sub: 'dave', name: 'Dave', at: '2026-03-29T21:59:00.000Z' }, // Sun 29, 23:59 CEST
  { id: 'm8', room: 'general', sub: 'dave', name: 'Dave', at: '2026-03-29T22:00:00.000Z' }, // Mon 30, 00:00 (still the 29th in UTC)
  { id: 'm9', room: 'general', sub: 'alice', name: 'Alice X', at: '2026-03-30T07:15:00.000Z', deleted: true }, // Mon 30, 09:15: deleted
  { id: 'm10', room: 'general', sub: 'alice', name: 'Alice Martin', at: '2026-03-30T07:45:00.000Z' }, // Mon 30, 09:45
  { id: 'm11', room: 'general', sub: 'bob', name: 'Bob', at: '2026-03-30T22:00:00.000Z' }, // Tue 31, 00:00: after
];

/** Writes rooms and messages into the testbed's database (the app must have migrated it). */
export async function writeHistory(database: TestDatabase, messages: readonly HistoryMessage[]): Promise<void> {
  const room = 'INSERT INTO rooms (id, name, topic, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
  await database.execute(room, [ROOM_IDS.general, 'general', 'Team news', 'alice', '2026-01-01T00:00:00.000Z']);
  await database.execute(room, [ROOM_IDS.random, 'random', 'Anything', 'bob', '2026-01-02T00:00:00.000Z']);
  for (const m of messages) {
    await database.execute(
      'INSERT INTO messages (id, room_id, author_sub, author_name, body, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [m.id, ROOM_IDS[m.room], m.sub, m.name, m.deleted ? '' : `text of ${m.id}`, m.at, m.deleted ? m.at : null],
    );
  }
}

export interface AnalyticsTestbed {
  readonly testbed: ChatTestbed;
  readonly app: FastifyInstance;
  get(url: string, user?: UserName, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  remove(): Promise<void>;
}

/** The real app on a testbed, with `messages` written into its database. */
export async function createAnalyticsTestbed(messages: readonly HistoryMessage[] = HISTORY): Promise<AnalyticsTestbed> {
  const testbed = await createChatTestbed();
  const app = await testbed.build();
  await writeHistory(testbed.database, messages);
  return {
    testbed,
    app,
    get: async (url, user = 'bob', headers = {}) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await testbed.token(user)}`, ...headers } }),
    remove: () => testbed.remove(),
  };
}

/** The 168 cells of the week, all zero but those given as `weekday/hour: messages`. */
export function weekWith(cells: Readonly<Record<string, number>>): { weekday: number; hour: number; messages: number }[] {
  return Array.from({ length: 168 }, (_, i) => {
    const weekday = Math.floor(i / 24) + 1;
    const hour = i % 24;
    return { weekday, hour, messages: cells[`${weekday}/${hour}`] ?? 0 };
  });
}
