/** Unread counts and read markers: per user, by others only, never moving back. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, chatPath, type ChatRoomList } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { callAs, type ChatCaller, type ChatTestbed, expectStatus, openChatApp } from './fixtures/chat.ts';

describe('chat unread counts and read markers', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;

  before(async () => {
    ({ testbed, app, alice, bob } = await openChatApp());
  });
  after(() => testbed.remove());

  const unread = async (caller: ChatCaller, roomId: string) =>
    expectStatus<ChatRoomList>(await caller.get(ChatApiPath.Rooms), 200).rooms.find((room) => room.id === roomId)?.unread;
  const markRead = (caller: ChatCaller, roomId: string, upTo: unknown) =>
    caller.send('POST', chatPath(ChatApiPath.RoomRead, { roomId }), { upTo });

  it("counts others' messages as unread, not your own", async () => {
    const roomId = (await alice.createRoom('counting')).id;
    await bob.post(roomId, 'one');
    await bob.post(roomId, 'two');
    await alice.post(roomId, 'mine');
    assert.equal(await unread(alice, roomId), 2);
    assert.equal(await unread(bob, roomId), 1);
  });

  it('counts only what comes after the read marker: 204, then the count drops', async () => {
    const roomId = (await alice.createRoom('marking')).id;
    const first = await bob.post(roomId, 'one');
    await bob.post(roomId, 'two');
    await bob.post(roomId, 'three');
    const response = await markRead(alice, roomId, first.id);
    assert.equal(response.statusCode, 204);
    assert.equal(await unread(alice, roomId), 2);
    assert.equal(await unread(callAs(app, testbed, 'bob'), roomId), 0, "bob's count is his own");
  });

  it('keeps markers per user: one user reading does not read for another', async () => {
    const roomId = (await bob.createRoom('per-user')).id;
    await bob.post(roomId, 'news');
    const last = await bob.post(roomId, 'more news');
    await markRead(alice, roomId, last.id);
    const dave = await testbed.token('alice', { sub: 'dave', name: 'Dave' });
    const rooms = await app.inject({ url: ChatApiPath.Rooms, headers: { authorization: `Bearer ${dave}` } });
    assert.equal(await unread(alice, roomId), 0);
    assert.equal(expectStatus<ChatRoomList>(rooms, 200).rooms.find((room) => room.id === roomId)?.unread, 2);
  });

  it('never moves a marker back (an older tab marking an older message changes nothing)', async () => {
    const roomId = (await alice.createRoom('forward-only')).id;
    const first = await bob.post(roomId, 'one');
    const second = await bob.post(roomId, 'two');
    await markRead(alice, roomId, second.id);
    assert.equal((await markRead(alice, roomId, first.id)).statusCode, 204);
    assert.equal(await unread(alice, roomId), 0);
  });

  it('does not count deleted messages', async () => {
    const roomId = (await alice.createRoom('deleted-unread')).id;
    const message = await bob.post(roomId, 'oops');
    await bob.send('DELETE', chatPath(ChatApiPath.Message, { messageId: message.id }));
    assert.equal(await unread(alice, roomId), 0);
  });

  it('accepts a marker at a message deleted since (it keeps its place)', async () => {
    const roomId = (await alice.createRoom('marker-on-deleted')).id;
    const gone = await bob.post(roomId, 'gone');
    await bob.post(roomId, 'after');
    await bob.send('DELETE', chatPath(ChatApiPath.Message, { messageId: gone.id }));
    assert.equal((await markRead(alice, roomId, gone.id)).statusCode, 204);
    assert.equal(await unread(alice, roomId), 1);
  });

  it('answers 404 for a message of another room, and moves nothing', async () => {
    const here = (await alice.createRoom('here')).id;
    const there = (await alice.createRoom('there')).id;
    await bob.post(here, 'unread here');
    const elsewhere = await bob.post(there, 'there');
    const response = await markRead(alice, here, elsewhere.id);
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: 'not_found', message: 'There is no such message in this room' });
    assert.equal(await unread(alice, here), 1);
  });

  it('answers 404 for a room that does not exist', async () => {
    const response = await markRead(alice, randomUUID(), randomUUID());
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().message, 'There is no such room');
  });

  it('refuses a marker that is not a message id (400)', async () => {
    const roomId = (await alice.createRoom('bad-marker')).id;
    for (const upTo of ['', 'not an id', 'x'.repeat(65), 42, null]) {
      const response = await markRead(alice, roomId, upTo);
      assert.equal(response.statusCode, 400, JSON.stringify(upTo));
      assert.equal(response.json().message, 'upTo must be the id of a message in this room');
    }
    const extra = await alice.send('POST', chatPath(ChatApiPath.RoomRead, { roomId }), { upTo: 'x', sub: 'bob' });
    assert.equal(extra.statusCode, 400);
  });
});
