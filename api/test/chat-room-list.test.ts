/**
 * The room list at scale: bounded pages with a cursor (a company with thousands of rooms, or one
 * user making them in a row), search by part of a name, one room by name, unread counts capped,
 * and the per-user limit on making rooms (`RATE_LIMIT_ROOMS_PER_DAY`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatLimits, type ChatRoom, type ChatRoomList } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { callAs, createChatTestbed, expectStatus, type ChatCaller, type ChatTestbed } from './fixtures/chat.ts';

const ROOMS_PER_DAY = 3;

describe('chat room list', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;
  /** Rooms made straight in the database: more than a user may make through the API. */
  const MANY = 130;

  before(async () => {
    testbed = await createChatTestbed();
    app = await testbed.build({ RATE_LIMIT_ROOMS_PER_DAY: String(ROOMS_PER_DAY) });
    alice = callAs(app, testbed, 'alice');
    bob = callAs(app, testbed, 'bob');
    for (let n = 0; n < MANY; n++) {
      const name = `room-${String(n).padStart(3, '0')}`;
      await testbed.database.execute('INSERT INTO rooms (id, name, topic, created_by) VALUES (?, ?, ?, ?)', [`r${n}`, name, '', 'carol']);
    }
    // Alice takes part in two of them (she writes in one, and reads the other), and makes one.
    await alice.post('r120', 'hello');
    const read = await bob.post('r7', 'news');
    assert.equal((await alice.send('POST', '/api/chat/rooms/r7/read', { upTo: read.id })).statusCode, 204);
    await alice.createRoom('alices-own');
  });
  after(() => testbed.remove());

  const page = async (caller: ChatCaller, query = '') => expectStatus<ChatRoomList>(await caller.get(`${ChatApiPath.Rooms}${query}`), 200);

  it('answers a bounded page, never every room (one user, or a big company, cannot make the list unbounded)', async () => {
    const first = await page(alice);
    assert.equal(first.rooms.length, ChatLimits.roomPageSizeDefault);
    assert.equal(typeof first.nextCursor, 'string');
    assert.equal((await page(alice, `?limit=${ChatLimits.roomPageSizeMax}`)).rooms.length, ChatLimits.roomPageSizeMax);
    const tooBig = await alice.get(`${ChatApiPath.Rooms}?limit=${ChatLimits.roomPageSizeMax + 1}`);
    assert.equal(tooBig.statusCode, 400);
    assert.equal(tooBig.json().message, `limit must be a whole number from 1 to ${ChatLimits.roomPageSizeMax}`);
  });

  it("walks every room once with the cursor, the caller's own first, each group by name", async () => {
    const seen: ChatRoom[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const next: ChatRoomList = await page(alice, `?limit=7${cursor === '' ? '' : `&after=${cursor}`}`);
      assert.ok(next.rooms.length <= 7);
      seen.push(...next.rooms);
      cursor = next.nextCursor;
    }
    assert.equal(seen.length, MANY + 1);
    assert.equal(new Set(seen.map((room) => room.id)).size, MANY + 1);
    assert.deepEqual(seen.slice(0, 3).map((room) => [room.name, room.mine]), [['alices-own', true], ['room-007', true], ['room-120', true]]);
    const others = seen.slice(3).map((room) => room.name);
    assert.ok(seen.slice(3).every((room) => !room.mine));
    assert.deepEqual(others, [...others].sort());
  });

  it('finds rooms by part of their name, paged the same way', async () => {
    const found = await page(alice, '?q=room-12');
    assert.deepEqual(found.rooms.map((room) => room.name), ['room-120', 'room-121', 'room-122', 'room-123', 'room-124', 'room-125', 'room-126', 'room-127', 'room-128', 'room-129']);
    assert.equal(found.nextCursor, null);
    assert.deepEqual((await page(alice, '?q=ROOM-00&limit=3')).rooms.map((room) => room.name), ['room-007', 'room-000', 'room-001']);
    const bad = await alice.get(`${ChatApiPath.Rooms}?q=${encodeURIComponent('room%')}`);
    assert.equal(bad.statusCode, 400);
  });

  it('gives one room by its exact name, or none', async () => {
    const found = await page(alice, '?name=room-042');
    assert.deepEqual(found.rooms.map((room) => [room.id, room.mine]), [['r42', false]]);
    assert.deepEqual(await page(alice, '?name=no-such-room'), { rooms: [], nextCursor: null });
    assert.equal((await alice.get(`${ChatApiPath.Rooms}?name=room-042&limit=2`)).statusCode, 400);
  });

  it('refuses a cursor it did not make (400)', async () => {
    for (const after of ['x', Buffer.from('m:../etc').toString('base64url'), Buffer.from('q:room').toString('base64url')]) {
      const response = await alice.get(`${ChatApiPath.Rooms}?after=${after}`);
      assert.equal(response.statusCode, 400, after);
      assert.equal(response.json().message, "after is not valid: pass a page's nextCursor as it came");
    }
  });

  it('counts unread messages up to the cap only (a room never opened costs a bounded count)', async () => {
    const posts = ChatLimits.unreadCountMax + 5;
    for (let n = 0; n < posts; n++) {
      await testbed.database.execute('INSERT INTO messages (id, room_id, author_sub, author_name, body) VALUES (?, ?, ?, ?, ?)', [`flood-${n}`, 'r99', 'carol', 'Carol', 'x']);
    }
    assert.equal((await page(alice, '?name=room-099')).rooms[0]?.unread, ChatLimits.unreadCountMax);
  });

  it("refuses a user's room past RATE_LIMIT_ROOMS_PER_DAY (one user making rooms in a row): 429 with Retry-After in hours, nothing made", async () => {
    const dave = callAs(app, testbed, 'dave');
    for (let n = 1; n <= ROOMS_PER_DAY; n++) await dave.createRoom(`dave-${n}`);
    const refused = await dave.send('POST', ChatApiPath.Rooms, { name: 'dave-one-too-many', topic: '' });
    assert.equal(refused.statusCode, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600, `Retry-After: ${retryAfter}`);
    assert.equal(refused.json().error, 'too_many_requests');
    assert.equal(refused.json().message, `You have reached the limit of ${ROOMS_PER_DAY} new rooms a day, try again in 24 hours`);
    assert.deepEqual((await page(dave, '?name=dave-one-too-many')).rooms, []);
    assert.equal((await bob.send('POST', ChatApiPath.Rooms, { name: 'bob-still-can', topic: '' })).statusCode, 201, 'others still make rooms');
  });
});
