/**
 * Idempotent posting: a message sent again with the same `Idempotency-Key` (a retry after a lost
 * answer) is made once (draft-ietf-httpapi-idempotency-key-header).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, chatPath, type ChatMessage, type MessagePage } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { type ChatCaller, type ChatTestbed, expectStatus, openChatApp } from './fixtures/chat.ts';

describe('chat idempotency', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;
  let roomId: string;

  before(async () => {
    ({ testbed, app, alice, bob } = await openChatApp());
    roomId = (await alice.createRoom('general')).id;
  });
  after(() => testbed.remove());

  const url = (room = roomId) => chatPath(ChatApiPath.RoomMessages, { roomId: room });
  const post = (caller: ChatCaller, body: string, key: string | undefined, room = roomId) =>
    caller.send('POST', url(room), { body }, key === undefined ? {} : { 'idempotency-key': key });
  const bodies = async () => expectStatus<MessagePage>(await alice.get(url()), 200).messages.map((m) => m.body);

  it('makes one message for the same key sent twice: 201, then 200 with the same message', async () => {
    const key = randomUUID();
    const first = await post(alice, 'only once', key);
    const retry = await post(alice, 'only once', key);
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 200);
    assert.deepEqual(retry.json(), first.json());
    assert.equal((await bodies()).filter((body) => body === 'only once').length, 1);
  });

  it('makes one message when the same post arrives twice at once', async () => {
    const key = randomUUID();
    const statuses = (await Promise.all([post(alice, 'at once', key), post(alice, 'at once', key)])).map((r) => r.statusCode);
    assert.deepEqual(statuses.sort(), [200, 201]);
    assert.equal((await bodies()).filter((body) => body === 'at once').length, 1);
  });

  it('treats the text as the server keeps it: a retry differing only in stripped characters is the same post', async () => {
    const key = randomUUID();
    const first = await post(alice, 'same\r\ntext', key);
    const retry = await post(alice, 'same\ntext\u0007', key);
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json<ChatMessage>().id, first.json<ChatMessage>().id);
  });

  it('accepts the key quoted, as the draft writes it (RFC 8941 string), as the same key', async () => {
    const key = randomUUID();
    const first = await post(alice, 'quoted', key);
    const retry = await post(alice, 'quoted', `"${key}"`);
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json<ChatMessage>().id, first.json<ChatMessage>().id);
  });

  it('scopes keys per user: the same key from another user makes their own message', async () => {
    const key = randomUUID();
    const fromAlice = await post(alice, 'shared key', key);
    const fromBob = await post(bob, 'shared key', key);
    assert.equal(fromBob.statusCode, 201);
    assert.notEqual(fromBob.json<ChatMessage>().id, fromAlice.json<ChatMessage>().id);
    assert.deepEqual(fromBob.json<ChatMessage>().author, { sub: 'bob', name: 'Bob' });
  });

  it('refuses a key reused for other text with 422, and makes nothing', async () => {
    const key = randomUUID();
    await post(alice, 'the original', key);
    const reused = await post(alice, 'something else', key);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error, 'idempotency_key_reused');
    assert.ok(!(await bodies()).includes('something else'));
  });

  it('refuses a key reused for another room with 422', async () => {
    const other = (await alice.createRoom('elsewhere')).id;
    const key = randomUUID();
    await post(alice, 'here', key);
    const reused = await post(alice, 'here', key, other);
    assert.equal(reused.statusCode, 422);
  });

  it('answers a retry whose message was deleted since with 409, and does not make it again', async () => {
    const key = randomUUID();
    const first = await post(alice, 'regretted', key);
    await alice.send('DELETE', chatPath(ChatApiPath.Message, { messageId: first.json<ChatMessage>().id }));
    const retry = await post(alice, 'regretted', key);
    assert.equal(retry.statusCode, 409);
    assert.equal(retry.json().error, 'conflict');
    assert.ok(!(await bodies()).includes('regretted'));
  });

  it('refuses a post without an Idempotency-Key (400, says what to send)', async () => {
    const response = await post(alice, 'no key', undefined);
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().message,
      'Send each message with an Idempotency-Key header: a new UUID per message, the same one when retrying it',
    );
    assert.ok(!(await bodies()).includes('no key'));
  });

  for (const [why, key] of [
    ['empty quotes', '""'],
    ['a space', 'two words'],
    ['a comma (two keys)', 'a,b'],
    ['a backslash', 'a\\b'],
    ['over 100 characters', 'k'.repeat(101)],
  ] as const) {
    it(`refuses a malformed Idempotency-Key: ${why} (400)`, async () => {
      const response = await post(alice, 'bad key', key);
      assert.equal(response.statusCode, 400);
      assert.match(response.json().message, /^The Idempotency-Key header must be one value of 1 to 100 visible ASCII characters/);
    });
  }

  it('refuses two Idempotency-Key headers (400)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: url(),
      headers: { authorization: `Bearer ${await testbed.token('alice')}`, 'content-type': 'application/json', 'idempotency-key': ['k1', 'k2'] },
      payload: JSON.stringify({ body: 'two keys' }),
    });
    assert.equal(response.statusCode, 400);
  });
});
