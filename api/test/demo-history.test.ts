/** The demo history (`npm run seed`): realistic, and reproducible. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_AUTHORS, DEMO_ROOMS, generateDemoHistory, type DemoHistoryOptions } from '../src/seed/demo-history.ts';

describe('demo history', () => {
  const OPTIONS: DemoHistoryOptions = {
    messages: 20_000,
    days: 28,
    seed: 7,
    timeZone: 'Europe/Paris',
    nowMs: Date.parse('2026-11-18T16:00:00Z'),
  };
  const history = [...generateDemoHistory(OPTIONS)];
  const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' });
  const weekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short' });
  const localHour = (iso: string) => Number(hourFormat.format(new Date(iso)));
  const localWeekday = (iso: string) => weekdayFormat.format(new Date(iso));

  it('makes as many messages as asked, oldest first, none after now nor before the first day', () => {
    assert.equal(history.length, OPTIONS.messages);
    const times = history.map((message) => Date.parse(message.createdAt));
    assert.ok(times.every((time, i) => i === 0 || time >= (times[i - 1] ?? 0)), 'in time order');
    assert.ok((times.at(-1) ?? 0) <= OPTIONS.nowMs);
    assert.ok((times[0] ?? 0) >= Date.parse('2026-10-21T22:00:00Z'), 'from 2026-10-22, local midnight');
  });

  it('gives the same history for the same options, another for another seed', () => {
    assert.deepEqual([...generateDemoHistory(OPTIONS)].slice(0, 50), history.slice(0, 50));
    assert.notDeepEqual([...generateDemoHistory({ ...OPTIONS, seed: 8 })].slice(0, 50), history.slice(0, 50));
  });

  it('looks like a team at work: weekdays and working hours busiest, every room and the dev users present, a few deleted', () => {
    const weekend = history.filter((m) => ['Sat', 'Sun'].includes(localWeekday(m.createdAt))).length;
    assert.ok(weekend / history.length < 0.1, `weekend share ${weekend / history.length}`);
    const working = history.filter((m) => localHour(m.createdAt) >= 9 && localHour(m.createdAt) < 18).length;
    assert.ok(working / history.length > 0.7, `working-hours share ${working / history.length}`);
    assert.deepEqual(new Set(history.map((m) => m.roomName)), new Set(DEMO_ROOMS.map((room) => room.name)));
    const authors = new Set(history.map((m) => m.author.sub));
    assert.ok(authors.has('alice') && authors.has('bob'));
    assert.equal(authors.size, DEMO_AUTHORS.length);
    const deleted = history.filter((m) => m.deleted).length / history.length;
    assert.ok(deleted > 0.005 && deleted < 0.02, `deleted share ${deleted}`);
  });
});
