/** Chat rooms: listing (the caller's own first, with their unread count), creating (validated, unique), and the role on every chat route. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatLimits, chatPath, type ChatRoom, type ChatRoomList } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS_CHALLENGE, bearerChallenge } from './fixtures/app.ts';
import { callAs, type ChatCaller, type ChatTestbed, createChatTestbed, expectStatus, openChatApp } from './fixtures/chat.ts';

describe('chat rooms', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;

  before(async () => {
    ({ testbed, app, alice, bob } = await openChatApp());
  });
  after(() => testbed.remove());

  const list = async (caller: ChatCaller) => expectStatus<ChatRoomList>(await caller.get(ChatApiPath.Rooms), 200).rooms;

  it('creates a room: 201 with the room, nothing unread, no message yet', async () => {
    const response = await alice.send('POST', ChatApiPath.Rooms, { name: 'team-news', topic: 'What is new' });
    assert.equal(response.statusCode, 201);
    const room = response.json<ChatRoom>();
    assert.deepEqual(Object.keys(room).sort(), ['createdAt', 'id', 'lastMessageAt', 'mine', 'name', 'topic', 'unread']);
    assert.equal(room.mine, true, 'its maker takes part in it');
    assert.equal(room.name, 'team-news');
    assert.equal(room.topic, 'What is new');
    assert.equal(room.unread, 0);
    assert.equal(room.lastMessageAt, null);
    assert.ok(!Number.isNaN(Date.parse(room.createdAt)));
  });

  it("lists the caller's own rooms first, then the others, each group by name, whoever made them", async () => {
    await bob.createRoom('zebra');
    await bob.createRoom('beta');
    await alice.createRoom('alpha');
    await alice.createRoom('omega');
    const rooms = await list(alice);
    const mine = rooms.filter((room) => room.mine).map((room) => room.name);
    const others = rooms.filter((room) => !room.mine).map((room) => room.name);
    assert.deepEqual(rooms.map((room) => room.name), [...mine, ...others]);
    assert.deepEqual(mine, [...mine].sort());
    assert.deepEqual(others, [...others].sort());
    assert.ok(mine.includes('alpha') && mine.includes('omega') && others.includes('beta') && others.includes('zebra'));
  });

  it('counts a room as the caller\'s once they write in it', async () => {
    const room = await bob.createRoom('joined-by-writing');
    assert.equal((await list(alice)).find((r) => r.id === room.id)?.mine, false);
    await alice.post(room.id, 'hello');
    assert.equal((await list(alice)).find((r) => r.id === room.id)?.mine, true);
  });

  it("shows each room's latest message time", async () => {
    const room = await alice.createRoom('with-messages');
    const first = await alice.post(room.id, 'one');
    const last = await bob.post(room.id, 'two');
    const listed = (await list(alice)).find((r) => r.id === room.id);
    assert.equal(listed?.lastMessageAt, last.createdAt);
    assert.ok(first.createdAt <= last.createdAt);
  });

  it('refuses a name already taken with 409 conflict and says which', async () => {
    await alice.createRoom('taken');
    const response = await bob.send('POST', ChatApiPath.Rooms, { name: 'taken', topic: 'again' });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json(), { error: 'conflict', message: 'A room named taken already exists' });
  });

  for (const [why, name] of [
    ['in upper case', 'Team'],
    ['with a space', 'team news'],
    ['with a double hyphen', 'team--news'],
    ['starting with a hyphen', '-team'],
    ['ending with a hyphen', 'team-'],
    ['of one character', 'a'],
    ['over the length limit', 'a'.repeat(ChatLimits.roomNameMaxLength + 1)],
    ['that is empty', ''],
    ['with letters beyond ASCII', 'équipe'],
  ] as const) {
    it(`refuses a room name ${why} (400, says what a name is)`, async () => {
      const response = await alice.send('POST', ChatApiPath.Rooms, { name, topic: '' });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error, 'invalid_request');
      assert.equal(response.json().message, 'A room name is 2 to 40 lower-case letters, digits and single hyphens, such as team-news');
    });
  }

  it('refuses a topic over the limit (400)', async () => {
    const response = await alice.send('POST', ChatApiPath.Rooms, { name: 'long-topic', topic: 'x'.repeat(ChatLimits.roomTopicMaxLength + 1) });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().message, 'A room topic is text of at most 200 characters');
  });

  it('refuses a room with a field the contract does not have (400)', async () => {
    const response = await alice.send('POST', ChatApiPath.Rooms, { name: 'extra', topic: '', createdBy: 'bob' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().message, 'A room has a name and a topic only');
  });

  it('refuses a room without a topic, or not an object (400)', async () => {
    for (const payload of [{ name: 'no-topic' }, '[]', '"room"', 'null']) {
      const response = await alice.send('POST', ChatApiPath.Rooms, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error, 'invalid_request');
    }
  });

  it('keeps a topic on one line: control characters stripped, line breaks made spaces, ends trimmed', async () => {
    const room = await alice.createRoom('clean-topic', '  Plans\r\nfor\tQ3\u0007\u001b[31m ');
    assert.equal(room.topic, 'Plans for Q3[31m');
  });
});

describe('chat role', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let roomId: string;
  let messageId: string;

  before(async () => {
    testbed = await createChatTestbed();
    app = await testbed.build();
    const alice = callAs(app, testbed, 'alice');
    roomId = (await alice.createRoom('general')).id;
    messageId = (await alice.post(roomId, 'hello')).id;
  });
  after(() => testbed.remove());

  const routes = () => [
    { method: 'GET', url: ChatApiPath.Rooms },
    { method: 'POST', url: ChatApiPath.Rooms, payload: { name: 'sneaky', topic: '' } },
    { method: 'GET', url: chatPath(ChatApiPath.RoomMessages, { roomId }) },
    { method: 'POST', url: chatPath(ChatApiPath.RoomMessages, { roomId }), payload: { body: 'hi' } },
    { method: 'POST', url: chatPath(ChatApiPath.RoomRead, { roomId }), payload: { upTo: messageId } },
    { method: 'PATCH', url: chatPath(ChatApiPath.Message, { messageId }), payload: { body: 'edited' } },
    { method: 'DELETE', url: chatPath(ChatApiPath.Message, { messageId }) },
    { method: 'GET', url: ChatApiPath.Events },
  ] as const;

  it('refuses every chat route to a valid token without the chat role (403 insufficient_scope)', async () => {
    const token = await testbed.token('carol');
    for (const route of routes()) {
      const response = await app.inject({
        method: route.method,
        url: route.url,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'k1', ...('payload' in route ? { 'content-type': 'application/json' } : {}) },
        ...('payload' in route ? { payload: JSON.stringify(route.payload) } : {}),
      });
      assert.equal(response.statusCode, 403, `${route.method} ${route.url}`);
      assert.equal(response.json().error, 'insufficient_scope');
      assert.equal(bearerChallenge(response.headers['www-authenticate']).params.error, 'insufficient_scope');
    }
  });

  it('refuses every chat route without a token (401 with a Bearer challenge)', async () => {
    for (const route of routes()) {
      const response = await app.inject({ method: route.method, url: route.url });
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
      assert.equal(response.headers['www-authenticate'], ANONYMOUS_CHALLENGE);
    }
  });

  it('left nothing changed after the refusals', async () => {
    const alice = callAs(app, testbed, 'alice');
    const rooms = expectStatus<ChatRoomList>(await alice.get(ChatApiPath.Rooms), 200).rooms;
    assert.deepEqual(rooms.map((room) => room.name), ['general']);
    const page = expectStatus<{ messages: { body: string }[] }>(await alice.get(chatPath(ChatApiPath.RoomMessages, { roomId })), 200);
    assert.deepEqual(page.messages.map((message) => message.body), ['hello']);
  });
});
