/**
 * The analytics query's rules: each bad parameter is a 400 `invalid_request` whose message names
 * it, never a 500 and never figures for something else; and who may ask at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createAnalyticsTestbed, ROOM_IDS, type AnalyticsTestbed } from './analytics-fixtures.ts';
import { bearerChallenge } from './fixtures/app.ts';

const SUMMARY = '/api/analytics/summary';

/** A date `days` from today in UTC, as YYYY-MM-DD. */
const utcDate = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('analytics query parameters', () => {
  let bed: AnalyticsTestbed;
  before(async () => {
    bed = await createAnalyticsTestbed();
  });
  after(() => bed.remove());

  async function assertRefused(query: string, mentions: RegExp, path = SUMMARY): Promise<void> {
    const response = await bed.get(`${path}?${query}`);
    assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
    assert.equal(response.json().error, 'invalid_request');
    assert.match(response.json().message, mentions);
    assert.equal(response.headers['cache-control'], 'no-store');
  }

  const cases: readonly (readonly [string, string, RegExp])[] = [
    ['refuses a period that is not a preset', 'period=14d', /period must be one of 7d, 30d, 90d/],
    ['refuses an empty period', 'period=', /period must be one of/],
    ['refuses a period together with dates', 'period=7d&from=2026-03-01&to=2026-03-02', /either a period or from and to/],
    ['refuses from without to', 'from=2026-03-01', /from and to go together/],
    ['refuses to without from', 'to=2026-03-01', /from and to go together/],
    ['refuses a date in another format', 'from=01/03/2026&to=2026-03-02', /from must be a date that exists, written YYYY-MM-DD/],
    ['refuses a date that does not exist (30 February)', 'from=2026-02-30&to=2026-03-02', /from must be a date that exists/],
    ['refuses a day 29 in a year that has none', 'from=2025-02-01&to=2025-02-29', /to must be a date that exists/],
    ['refuses from after to', 'from=2026-03-10&to=2026-03-01', /from \(2026-03-10\) must not be after to \(2026-03-01\)/],
    ['refuses a period over the maximum (367 days)', 'from=2024-01-01&to=2025-01-01', /at most 366 days; from 2024-01-01 to 2025-01-01 is 367 days/],
    ['refuses a to after today in the viewer\'s zone', `from=${utcDate(-3)}&to=${utcDate(2)}&tz=UTC`, /to must not be after today \(\d{4}-\d{2}-\d{2} in UTC\)/],
    ['refuses dates before the earliest', 'from=1999-12-31&to=2000-01-05', /from must be 2000-01-01 or later/],
    ['refuses a time zone Intl does not know', 'period=7d&tz=Mars%2FOlympus_Mons', /tz must be an IANA time zone name/],
    ['refuses a UTC offset for a time zone (it has no daylight saving time)', 'period=7d&tz=%2B05%3A30', /tz must be an IANA time zone name/],
    ['refuses an empty time zone', 'period=7d&tz=', /tz must be an IANA time zone name/],
    ['refuses a room id of the wrong shape', 'period=7d&room=..%2F..%2Fetc', /room must be a room id/],
    ['refuses a room that does not exist', 'period=7d&room=no-such-room', /there is no such room/],
    ['refuses a parameter it does not know', 'period=7d&limit=5', /take period, from, to, room and tz only/],
    ['refuses a parameter given twice', 'period=7d&period=30d', /period is given more than once/],
  ];
  for (const [name, query, mentions] of cases) {
    it(`${name}: 400 invalid_request`, () => assertRefused(query, mentions));
  }

  it('refuses bad parameters on the CSV export too', () =>
    assertRefused('from=2026-03-10&to=2026-03-01', /must not be after to/, '/api/analytics/export/totals'));

  it('refuses a figure that does not exist', () =>
    assertRefused('period=7d', /figure must be one of totals, messages-per-day/, '/api/analytics/export/everything'));

  it('accepts a known room', async () => {
    assert.equal((await bed.get(`${SUMMARY}?period=7d&room=${ROOM_IDS.general}`)).statusCode, 200);
  });
});

describe('analytics access', () => {
  let bed: AnalyticsTestbed;
  before(async () => {
    bed = await createAnalyticsTestbed([]);
  });
  after(() => bed.remove());

  const ROUTES = [`${SUMMARY}?period=7d`, '/api/analytics/rooms', '/api/analytics/export/messages-per-day?period=7d'];

  function assertInsufficientScope(response: LightMyRequestResponse): void {
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error, 'insufficient_scope');
    assert.equal(bearerChallenge(response.headers['www-authenticate']).params.error, 'insufficient_scope');
  }

  it('refuses every analytics route to a chat-only user (alice): 403 insufficient_scope', async () => {
    for (const url of ROUTES) assertInsufficientScope(await bed.get(url, 'alice'));
  });

  it('refuses every analytics route to a user without roles (carol): 403 insufficient_scope', async () => {
    for (const url of ROUTES) assertInsufficientScope(await bed.get(url, 'carol'));
  });

  it('refuses every analytics route without a token: 401 with a Bearer challenge', async () => {
    for (const url of ROUTES) {
      const response = await bed.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 401);
      assert.equal(bearerChallenge(response.headers['www-authenticate']).scheme, 'Bearer');
    }
  });

  it('checks the role before the query: a chat-only user with a bad query gets 403, not 400', async () => {
    assertInsufficientScope(await bed.get(`${SUMMARY}?period=nonsense`, 'alice'));
  });

  it('answers every analytics route to bob (role analytics)', async () => {
    for (const url of ROUTES) assert.equal((await bed.get(url, 'bob')).statusCode, 200, url);
  });
});
