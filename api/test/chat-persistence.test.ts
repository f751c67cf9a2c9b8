/** The chat's data lives in the database: a restart (closing the app, building it again on the same database) keeps it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, chatPath, type ChatMessage, type ChatRoomList, type MessagePage } from '@app/contracts';
import { callAs, createChatTestbed, expectStatus, type ChatTestbed } from './fixtures/chat.ts';

describe('chat persistence', () => {
  let testbed: ChatTestbed;
  before(async () => {
    testbed = await createChatTestbed();
  });
  after(() => testbed.remove());

  it('keeps rooms, messages, edits, deletions, read markers and idempotency keys across a restart', async () => {
    const first = await testbed.build();
    const alice = callAs(first, testbed, 'alice');
    const bob = callAs(first, testbed, 'bob');
    const room = await alice.createRoom('durable', 'Still here');
    const kept = await bob.post(room.id, 'kept');
    const edited = await bob.post(room.id, 'before');
    await bob.send('PATCH', chatPath(ChatApiPath.Message, { messageId: edited.id }), { body: 'after' });
    const deleted = await bob.post(room.id, 'deleted');
    await bob.send('DELETE', chatPath(ChatApiPath.Message, { messageId: deleted.id }));
    await bob.post(room.id, 'unread');
    await alice.send('POST', chatPath(ChatApiPath.RoomRead, { roomId: room.id }), { upTo: edited.id });
    const keyed = await bob.send('POST', chatPath(ChatApiPath.RoomMessages, { roomId: room.id }), { body: 'keyed' }, { 'idempotency-key': 'restart-key' });
    await first.close();

    const second = await testbed.build();
    const aliceAgain = callAs(second, testbed, 'alice');
    const bobAgain = callAs(second, testbed, 'bob');
    const rooms = expectStatus<ChatRoomList>(await aliceAgain.get(ChatApiPath.Rooms), 200).rooms;
    assert.deepEqual(rooms.map(({ name, topic, unread }) => ({ name, topic, unread })), [{ name: 'durable', topic: 'Still here', unread: 2 }]);
    const page = expectStatus<MessagePage>(await aliceAgain.get(chatPath(ChatApiPath.RoomMessages, { roomId: room.id })), 200);
    assert.deepEqual(page.messages.map((m) => m.body), ['kept', 'after', 'unread', 'keyed']);
    assert.equal(page.messages[0]?.id, kept.id);
    assert.notEqual(page.messages[1]?.editedAt, null);
    const retried = await bobAgain.send('POST', chatPath(ChatApiPath.RoomMessages, { roomId: room.id }), { body: 'keyed' }, { 'idempotency-key': 'restart-key' });
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json<ChatMessage>().id, keyed.json<ChatMessage>().id);
  });
});
