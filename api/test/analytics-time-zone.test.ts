/**
 * Local days and hours as UTC spans (`buckets.ts`, `time-zone.ts`): the spans the database counts
 * in, across both DST changes and in zones whose offset is not a whole number of hours.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, daysInRange, isCalendarDate, isoWeekday } from '@app/contracts';
import { bucketsOf } from '../src/analytics/buckets.ts';
import { localDateOf, offsetAt, offsetSegments, resolveTimeZone } from '../src/analytics/time-zone.ts';

const HOUR_MS = 3_600_000;
const rangeOf = (from: string, to: string, timeZone: string) => {
  const days = daysInRange(from, to);
  return { from, to, days, timeZone, previousFrom: addDays(from, -days), previousTo: addDays(from, -1) };
};
const hoursLong = (span: { start: string; end: string }) => (Date.parse(span.end) - Date.parse(span.start)) / HOUR_MS;

describe('local days and hours as UTC spans', () => {
  it('gives the day Paris moves its clocks forward 23 hours, and no 02:00 hour', () => {
    const buckets = bucketsOf(rangeOf('2026-03-29', '2026-03-29', 'Europe/Paris'));
    assert.deepEqual(buckets.days[0]?.span, { start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
    assert.equal(hoursLong(buckets.hours[2]!.span), 0);
    assert.deepEqual(buckets.hours[3]?.span, { start: '2026-03-29T01:00:00.000Z', end: '2026-03-29T02:00:00.000Z' });
  });

  it('gives the day Paris moves its clocks back 25 hours, its 02:00 hour two hours long (it happens twice)', () => {
    const buckets = bucketsOf(rangeOf('2026-10-25', '2026-10-25', 'Europe/Paris'));
    assert.deepEqual(buckets.days[0]?.span, { start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
    assert.deepEqual(buckets.hours[2]?.span, { start: '2026-10-25T00:00:00.000Z', end: '2026-10-25T02:00:00.000Z' });
    assert.deepEqual(buckets.hours.map((hour) => hoursLong(hour.span)), [1, 1, 2, ...Array<number>(21).fill(1)]);
  });

  it('starts the hours of Kolkata (+05:30) at half past, UTC', () => {
    const buckets = bucketsOf(rangeOf('2026-03-30', '2026-03-30', 'Asia/Kolkata'));
    assert.deepEqual(buckets.hours[0]?.span, { start: '2026-03-29T18:30:00.000Z', end: '2026-03-29T19:30:00.000Z' });
    assert.deepEqual(buckets.current, { start: '2026-03-29T18:30:00.000Z', end: '2026-03-30T18:30:00.000Z' });
  });

  it('starts the hours of Kathmandu (+05:45) at a quarter past', () => {
    const buckets = bucketsOf(rangeOf('2026-03-30', '2026-03-30', 'Asia/Kathmandu'));
    assert.equal(buckets.hours[10]?.span.start, '2026-03-30T04:15:00.000Z');
  });

  it('joins every day and hour end to start, with the previous period just before', () => {
    const buckets = bucketsOf(rangeOf('2026-03-01', '2026-04-30', 'America/New_York'));
    assert.equal(buckets.days.length, 61);
    assert.equal(buckets.hours.length, 61 * 24);
    for (let i = 1; i < buckets.hours.length; i++) assert.equal(buckets.hours[i]?.span.start, buckets.hours[i - 1]?.span.end);
    assert.equal(buckets.days[0]?.span.start, buckets.current.start);
    assert.equal(buckets.days.at(-1)?.span.end, buckets.current.end);
    assert.equal(buckets.previous.end, buckets.current.start);
    assert.equal(buckets.days.filter((day) => hoursLong(day.span) === 23).length, 1, 'one 23-hour day (8 March)');
  });

  it('labels each hour with its ISO weekday (Monday 1, Sunday 7)', () => {
    const buckets = bucketsOf(rangeOf('2026-03-29', '2026-03-30', 'UTC'));
    assert.deepEqual([buckets.hours[0]?.weekday, buckets.hours[24]?.weekday], [7, 1]);
  });
});

describe('time zones', () => {
  it('knows IANA names, any case, and refuses offsets and nonsense', () => {
    assert.equal(resolveTimeZone('europe/paris'), 'Europe/Paris');
    assert.equal(resolveTimeZone('UTC'), 'UTC');
    for (const bad of ['+05:30', 'GMT+5', 'Mars/Base', '', 'Europe/Paris/', '../etc', 'a'.repeat(65)]) {
      assert.equal(resolveTimeZone(bad), undefined, bad);
    }
  });

  it('reads the offset and the local date of an instant', () => {
    assert.equal(offsetAt('Europe/Paris', Date.parse('2026-07-01T12:00:00Z')), 2 * HOUR_MS);
    assert.equal(offsetAt('America/St_Johns', Date.parse('2026-01-01T12:00:00Z')), -3.5 * HOUR_MS);
    assert.equal(localDateOf('Pacific/Kiritimati', Date.parse('2026-01-01T10:00:00Z')), '2026-01-02');
  });

  it('finds the instant of each change of offset, to the millisecond', () => {
    const segments = offsetSegments('Europe/Paris', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'));
    assert.deepEqual(segments.map((s) => [new Date(s.from).toISOString(), s.offsetMs / HOUR_MS]), [
      ['2026-01-01T00:00:00.000Z', 1],
      ['2026-03-29T01:00:00.000Z', 2],
      ['2026-10-25T01:00:00.000Z', 1],
    ]);
  });
});

describe('calendar dates', () => {
  it('knows which dates exist', () => {
    assert.ok(isCalendarDate('2024-02-29'));
    for (const bad of ['2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '20260101', '2026-01-01T00:00']) {
      assert.equal(isCalendarDate(bad), false, bad);
    }
  });

  it('adds days across months and years, and counts days both included', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(daysInRange('2026-03-28', '2026-03-30'), 3);
    assert.equal(isoWeekday('2026-03-29'), 7);
  });
});
