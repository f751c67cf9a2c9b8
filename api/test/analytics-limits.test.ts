/**
 * What one analyst may take of the server: a time budget per summary (`ANALYTICS_TIME_BUDGET_MS`,
 * then 503 `analytics_timeout`) and a few summaries at once (`ANALYTICS_CONCURRENT_PER_USER`, then
 * 429). The figures themselves are worked out on the analytics thread (analytics-figures.test.ts
 * checks them, on both stores).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { HISTORY, writeHistory } from './analytics-fixtures.ts';
import { createChatTestbed, type ChatTestbed, type UserName } from './fixtures/chat.ts';

const summaryIn = (tz: string) => `/api/analytics/summary?from=2026-03-28&to=2026-03-30&tz=${encodeURIComponent(tz)}`;

describe('analytics limits', () => {
  let testbed: ChatTestbed;
  before(async () => {
    testbed = await createChatTestbed();
    await (await testbed.build()).close();
    await writeHistory(testbed.database, HISTORY);
  });
  after(() => testbed.remove());

  const get = async (app: FastifyInstance, url: string, user: UserName = 'bob'): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await testbed.token(user)}` } });

  it('answers 503 analytics_timeout with Retry-After past ANALYTICS_TIME_BUDGET_MS (a summary too heavy to finish), and goes on serving', async () => {
    const app = await testbed.build({ ANALYTICS_TIME_BUDGET_MS: '1' });
    const response = await get(app, summaryIn('Europe/Paris'));
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '10');
    assert.equal(response.json().error, 'analytics_timeout');
    assert.equal(response.json().message, 'The figures took longer than the 1 ms the server allows; try a shorter period or one room, or again in a moment');
    assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
    assert.equal((await get(app, '/api/chat/rooms', 'alice')).statusCode, 200);
    const csv = await get(app, '/api/analytics/export/totals?from=2026-03-28&to=2026-03-30&tz=UTC');
    assert.equal(csv.statusCode, 503, 'an export is a summary too');
    await app.close();
  });

  it('refuses a summary past ANALYTICS_CONCURRENT_PER_USER at once from one analyst (one person queueing many): 429 with Retry-After; others still get theirs', async () => {
    const app = await testbed.build({ ANALYTICS_CONCURRENT_PER_USER: '2' });
    // Three different questions (another time zone each), so none is answered from another's work.
    const zones = ['Europe/Paris', 'Asia/Kolkata', 'America/New_York'];
    const [someoneElse, ...bobs] = await Promise.all([get(app, summaryIn('Asia/Tokyo'), 'dave'), ...zones.map((zone) => get(app, summaryIn(zone)))]);
    assert.equal(someoneElse?.statusCode, 200);
    assert.deepEqual(bobs.map((response) => response.statusCode).sort(), [200, 200, 429]);
    const refused = bobs.find((response) => response.statusCode === 429);
    assert.equal(refused?.headers['retry-after'], '2');
    assert.equal(refused?.json().error, 'too_many_requests');
    assert.equal(refused?.json().message, 'You already have 2 summaries being worked out; try again in 2 seconds');
    const zone = zones[bobs.indexOf(refused!)] ?? '';
    assert.equal((await get(app, summaryIn(zone))).statusCode, 200, 'once the others are done, the same question is answered');
    await app.close();
  });

  it('works the same question out once: asked again, or by two people at once, it is shared', async () => {
    const app = await testbed.build({ ANALYTICS_CONCURRENT_PER_USER: '1' });
    const [bob, dave] = await Promise.all([get(app, summaryIn('Europe/Berlin')), get(app, summaryIn('Europe/Berlin'), 'dave')]);
    assert.deepEqual([bob.statusCode, dave.statusCode], [200, 200]);
    assert.deepEqual(bob.json(), dave.json());
    // With one summary at a time, a second one at once would be refused; the same question is not.
    const [again, once] = await Promise.all([get(app, summaryIn('Europe/Berlin')), get(app, summaryIn('Europe/Berlin'))]);
    assert.deepEqual([again.statusCode, once.statusCode], [200, 200]);
    await app.close();
  });
});
