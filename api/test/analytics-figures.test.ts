/**
 * Each figure of `GET /api/analytics/summary` against a small history whose expected values are
 * worked out by hand (see analytics-fixtures.ts): the night Paris skips 02:00-03:00, a zone half an
 * hour off UTC (Kolkata), a deleted message, the first and last instant of a day.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnalyticsSummary } from '@app/contracts';
import { createAnalyticsTestbed, ROOM_IDS, weekWith, type AnalyticsTestbed } from './analytics-fixtures.ts';
import { expectStatus } from './fixtures/chat.ts';

const PARIS = '/api/analytics/summary?from=2026-03-28&to=2026-03-30&tz=Europe%2FParis';
const KOLKATA = '/api/analytics/summary?from=2026-03-29&to=2026-03-30&tz=Asia%2FKolkata';

describe('analytics figures', () => {
  let bed: AnalyticsTestbed;
  let paris: AnalyticsSummary;

  before(async () => {
    bed = await createAnalyticsTestbed();
    paris = expectStatus<AnalyticsSummary>(await bed.get(PARIS), 200);
  });
  after(() => bed.remove());

  it('states the period it covers, and the one it compares with', () => {
    assert.deepEqual(paris.range, {
      from: '2026-03-28',
      to: '2026-03-30',
      days: 3,
      timeZone: 'Europe/Paris',
      previousFrom: '2026-03-25',
      previousTo: '2026-03-27',
    });
    assert.equal(paris.room, null);
  });

  it('totals messages, active users and rooms, with the change against the previous period (deleted messages left out)', () => {
    assert.deepEqual(paris.totals, {
      messages: { current: 8, previous: 2, change: 3 },
      activeUsers: { current: 3, previous: 2, change: 0.5 },
      rooms: { current: 2, previous: 2, change: 0 },
    });
  });

  it('counts messages per local day, the 23-hour day of the clock change included', () => {
    assert.deepEqual(paris.messagesPerDay, [
      { date: '2026-03-28', messages: 2 },
      { date: '2026-03-29', messages: 4 },
      { date: '2026-03-30', messages: 2 },
    ]);
  });

  it('counts distinct active users per local day (00:00 Monday in Paris is still Sunday in UTC)', () => {
    assert.deepEqual(paris.activeUsersPerDay, [
      { date: '2026-03-28', activeUsers: 2 },
      { date: '2026-03-29', activeUsers: 3 },
      { date: '2026-03-30', activeUsers: 2 },
    ]);
  });

  it('counts messages per room, the busiest first', () => {
    assert.deepEqual(paris.messagesPerRoom, [
      { roomId: ROOM_IDS.general, name: 'general', messages: 6 },
      { roomId: ROOM_IDS.random, name: 'random', messages: 2 },
    ]);
  });

  it('fills the week of busiest hours in local time: nothing at 02:00 on the night it does not exist', () => {
    assert.deepEqual(
      paris.busiestHours,
      weekWith({ '6/0': 1, '6/23': 1, '7/0': 1, '7/1': 1, '7/3': 1, '7/23': 1, '1/0': 1, '1/9': 1 }),
    );
  });

  it('ranks the most active contributors, with the name on their latest live message and their rooms', () => {
    assert.deepEqual(paris.topContributors, [
      { sub: 'alice', name: 'Alice Martin', messages: 3, rooms: 2 },
      { sub: 'bob', name: 'Bob', messages: 3, rooms: 2 },
      { sub: 'dave', name: 'Dave', messages: 2, rooms: 1 },
    ]);
  });

  it('limits every figure to one room when asked', async () => {
    const random = expectStatus<AnalyticsSummary>(await bed.get(`${PARIS}&room=${ROOM_IDS.random}`), 200);
    assert.deepEqual(random.room, { id: ROOM_IDS.random, name: 'random' });
    assert.deepEqual(random.totals, {
      messages: { current: 2, previous: 1, change: 1 },
      activeUsers: { current: 2, previous: 1, change: 1 },
      rooms: { current: 1, previous: 1, change: 0 },
    });
    assert.deepEqual(random.messagesPerDay.map((day) => day.messages), [1, 1, 0]);
    assert.deepEqual(random.activeUsersPerDay.map((day) => day.activeUsers), [1, 1, 0]);
    assert.deepEqual(random.messagesPerRoom, [{ roomId: ROOM_IDS.random, name: 'random', messages: 2 }]);
    assert.deepEqual(random.busiestHours, weekWith({ '6/23': 1, '7/1': 1 }));
    assert.deepEqual(random.topContributors, [
      { sub: 'alice', name: 'Alice', messages: 1, rooms: 1 },
      { sub: 'bob', name: 'Bob', messages: 1, rooms: 1 },
    ]);
  });

  it('counts days and hours of a zone half an hour off UTC (Asia/Kolkata, +05:30)', async () => {
    const kolkata = expectStatus<AnalyticsSummary>(await bed.get(KOLKATA), 200);
    assert.deepEqual(kolkata.messagesPerDay, [
      { date: '2026-03-29', messages: 4 },
      { date: '2026-03-30', messages: 3 },
    ]);
    assert.deepEqual(kolkata.activeUsersPerDay, [
      { date: '2026-03-29', activeUsers: 2 },
      { date: '2026-03-30', activeUsers: 2 },
    ]);
    // 04:29:59.999 and 04:30 are both hour 4; 06:00 (00:30 UTC) starts hour 6; 03:29 and 03:30 are both hour 3.
    assert.deepEqual(kolkata.busiestHours, weekWith({ '7/4': 2, '7/6': 2, '1/3': 2, '1/13': 1 }));
    assert.deepEqual(kolkata.totals.messages, { current: 7, previous: 2, change: 2.5 });
  });

  it('answers an empty period with zeros, every day and every hour present', async () => {
    const empty = expectStatus<AnalyticsSummary>(await bed.get('/api/analytics/summary?from=2025-01-01&to=2025-01-02&tz=UTC'), 200);
    assert.deepEqual(empty.totals.messages, { current: 0, previous: 0, change: null });
    assert.deepEqual(empty.messagesPerDay, [{ date: '2025-01-01', messages: 0 }, { date: '2025-01-02', messages: 0 }]);
    assert.equal(empty.busiestHours.length, 168);
    assert.deepEqual(empty.messagesPerRoom, []);
    assert.deepEqual(empty.topContributors, []);
  });

  it('lists every room for the room filter, by name', async () => {
    assert.deepEqual(expectStatus(await bed.get('/api/analytics/rooms'), 200), {
      rooms: [{ id: ROOM_IDS.general, name: 'general' }, { id: ROOM_IDS.random, name: 'random' }],
    });
  });
});

describe('analytics periods', () => {
  let bed: AnalyticsTestbed;
  before(async () => {
    bed = await createAnalyticsTestbed([]);
  });
  after(() => bed.remove());

  /** Today in a zone, read before and after a request: the answer must be one of them (midnight may pass). */
  const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

  for (const [period, days] of [['7d', 7], ['30d', 30], ['90d', 90]] as const) {
    it(`takes period=${period} as the last ${days} days up to today in the viewer's zone, and the ${days} before`, async () => {
      const before = todayIn('Pacific/Kiritimati');
      const summary = expectStatus<AnalyticsSummary>(await bed.get(`/api/analytics/summary?period=${period}&tz=Pacific/Kiritimati`), 200);
      assert.ok([before, todayIn('Pacific/Kiritimati')].includes(summary.range.to));
      const { from, to, previousFrom, previousTo } = summary.range;
      const dayMs = 86_400_000;
      const span = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / dayMs + 1;
      assert.equal(span(from, to), days);
      assert.equal(span(previousFrom, previousTo), days);
      assert.equal(span(previousTo, from), 2);
      assert.equal(summary.messagesPerDay.length, days);
      assert.equal(summary.range.timeZone, 'Pacific/Kiritimati');
    });
  }

  it('asks for the last 30 days in UTC when the query names no period and no zone', async () => {
    const summary = expectStatus<AnalyticsSummary>(await bed.get('/api/analytics/summary'), 200);
    assert.equal(summary.range.days, 30);
    assert.equal(summary.range.timeZone, 'UTC');
  });

  it('names the zone as Intl spells it (europe/paris is Europe/Paris), and takes its aliases (Asia/Calcutta)', async () => {
    const paris = expectStatus<AnalyticsSummary>(await bed.get('/api/analytics/summary?period=7d&tz=europe/paris'), 200);
    assert.equal(paris.range.timeZone, 'Europe/Paris');
    const calcutta = expectStatus<AnalyticsSummary>(await bed.get('/api/analytics/summary?period=7d&tz=Asia/Calcutta'), 200);
    assert.match(calcutta.range.timeZone, /^Asia\/(Calcutta|Kolkata)$/);
  });

  it(`accepts a custom period of exactly the maximum, 366 days`, async () => {
    const summary = expectStatus<AnalyticsSummary>(await bed.get('/api/analytics/summary?from=2024-01-01&to=2024-12-31&tz=UTC'), 200);
    assert.equal(summary.range.days, 366);
    assert.equal(summary.range.previousFrom, '2022-12-31');
    assert.equal(summary.range.previousTo, '2023-12-31');
  });
});
