/** Chat messages: what a post may hold, whose it is, and who may edit or delete it. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatLimits, chatPath, type ChatMessage, type MessagePage } from '@app/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type ChatCaller, type ChatTestbed, expectStatus, openChatApp } from './fixtures/chat.ts';

describe('chat messages', () => {
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

  const messagesUrl = () => chatPath(ChatApiPath.RoomMessages, { roomId });
  const messageUrl = (messageId: string) => chatPath(ChatApiPath.Message, { messageId });
  const postAs = (caller: ChatCaller, payload: unknown, url = messagesUrl()) =>
    caller.send('POST', url, payload, { 'idempotency-key': randomUUID() });
  const history = async () => expectStatus<MessagePage>(await alice.get(messagesUrl()), 200).messages;

  function assertInvalid(response: LightMyRequestResponse, message: string | RegExp): void {
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json().error, 'invalid_request');
    if (typeof message === 'string') assert.equal(response.json().message, message);
    else assert.match(response.json().message, message);
  }

  describe('posting', () => {
    it('posts a message: 201 with the message, its author from the token', async () => {
      const response = await postAs(bob, { body: 'Hello, team' });
      assert.equal(response.statusCode, 201);
      const message = response.json<ChatMessage>();
      assert.deepEqual(Object.keys(message).sort(), ['author', 'body', 'createdAt', 'editedAt', 'id', 'roomId']);
      assert.deepEqual(message.author, { sub: 'bob', name: 'Bob' });
      assert.equal(message.body, 'Hello, team');
      assert.equal(message.roomId, roomId);
      assert.equal(message.editedAt, null);
      assert.ok((await history()).some((m) => m.id === message.id));
    });

    it('cannot post as someone else: a body naming an author is refused, and nothing is posted', async () => {
      const before = (await history()).length;
      const response = await postAs(bob, { body: 'I am Alice', author: { sub: 'alice', name: 'Alice' } });
      assertInvalid(response, 'A message has a body only');
      assert.equal((await history()).length, before);
    });

    it('names the author as the token does, whatever the token-holder wishes', async () => {
      const token = await testbed.token('bob', { name: 'Robert' });
      const response = await app.inject({
        method: 'POST',
        url: messagesUrl(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: JSON.stringify({ body: 'renamed' }),
      });
      assert.deepEqual(response.json<ChatMessage>().author, { sub: 'bob', name: 'Robert' });
    });

    it('refuses an empty message (400, says so)', async () => {
      assertInvalid(await postAs(alice, { body: '' }), 'A message cannot be empty');
    });

    it('refuses a whitespace-only message, Unicode spaces included (400)', async () => {
      assertInvalid(await postAs(alice, { body: ' \n\t\r\n\u00a0\u3000 ' }), 'A message cannot be empty');
    });

    it('refuses a message of control characters only, once they are stripped (400)', async () => {
      assertInvalid(await postAs(alice, { body: '\u0000\u0007\u001b\u007f\u0085' }), 'A message cannot be empty');
    });

    it('refuses a message over the length limit, saying the limit and the length (400)', async () => {
      const body = 'x'.repeat(ChatLimits.messageMaxLength + 1);
      assertInvalid(await postAs(alice, { body }), 'A message can be at most 4000 characters long (this one has 4001)');
    });

    it('accepts a message of exactly the length limit', async () => {
      const response = await postAs(alice, { body: 'x'.repeat(ChatLimits.messageMaxLength) });
      assert.equal(response.statusCode, 201);
    });

    it('counts the length after normalising: \\r\\n line breaks count once', async () => {
      const body = `${'x'.repeat(ChatLimits.messageMaxLength - 2)}\r\ny`;
      const response = await postAs(alice, { body });
      assert.equal(response.statusCode, 201);
      assert.equal(response.json<ChatMessage>().body.length, ChatLimits.messageMaxLength);
    });

    it('strips control characters but newline and tab, and normalises line breaks', async () => {
      const response = await postAs(alice, { body: '\n\n  first\u0000 line\u001b[2J\r\nsecond\tline\rthird\u0007\u009b\n\n  ' });
      assert.equal(response.statusCode, 201);
      assert.equal(response.json<ChatMessage>().body, '  first line[2J\nsecond\tline\nthird');
    });

    it('keeps markup as plain text (the SPA shows it as text)', async () => {
      const body = '<img src=x onerror=alert(1)> & <script>alert(2)</script>';
      assert.equal((await postAs(alice, { body })).json<ChatMessage>().body, body);
    });

    it('refuses a body that is not text (400)', async () => {
      for (const body of [42, null, ['hi'], { text: 'hi' }]) {
        assertInvalid(await postAs(alice, { body }), 'The message body must be text');
      }
    });

    it('refuses a post without a body field, or malformed JSON (400)', async () => {
      assertInvalid(await postAs(alice, {}), 'Send the message as { "body": "its text" }');
      assertInvalid(await postAs(alice, '{"body":'), /JSON/);
    });

    it('refuses a body larger than any valid message before reading it (413)', async () => {
      const response = await postAs(alice, { body: 'x'.repeat(200_000) });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error, 'payload_too_large');
    });

    it('answers 404 for a room that does not exist', async () => {
      const response = await postAs(alice, { body: 'hello?' }, chatPath(ChatApiPath.RoomMessages, { roomId: randomUUID() }));
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { error: 'not_found', message: 'There is no such room' });
    });

    it('answers 400 for a room id that cannot be one', async () => {
      for (const bad of ['..%2F..%2Fetc', 'a'.repeat(65), "1'%20OR%201=1", '%00']) {
        const response = await postAs(alice, { body: 'hello?' }, `/api/chat/rooms/${bad}/messages`);
        assertInvalid(response, 'The room id in the path is not valid');
      }
    });
  });

  describe('editing and deleting', () => {
    it('edits your own message: 200 with the new text and editedAt', async () => {
      const message = await alice.post(roomId, 'typo');
      const response = await alice.send('PATCH', messageUrl(message.id), { body: 'fixed' });
      assert.equal(response.statusCode, 200);
      const edited = response.json<ChatMessage>();
      assert.equal(edited.body, 'fixed');
      assert.equal(edited.id, message.id);
      assert.equal(edited.createdAt, message.createdAt);
      assert.ok(edited.editedAt !== null && edited.editedAt >= message.createdAt);
      assert.equal((await history()).find((m) => m.id === message.id)?.body, 'fixed');
    });

    it("refuses to edit someone else's message (403 forbidden), and leaves it as it was", async () => {
      const message = await alice.post(roomId, 'mine');
      const response = await bob.send('PATCH', messageUrl(message.id), { body: 'now yours' });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(response.json(), { error: 'forbidden', message: 'You can only edit or delete your own messages' });
      assert.equal((await history()).find((m) => m.id === message.id)?.body, 'mine');
    });

    it("refuses to delete someone else's message (403 forbidden), and keeps it", async () => {
      const message = await alice.post(roomId, 'keep me');
      const response = await bob.send('DELETE', messageUrl(message.id));
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error, 'forbidden');
      assert.ok((await history()).some((m) => m.id === message.id));
    });

    it('applies the same rules to an edit as to a post (empty refused, controls stripped)', async () => {
      const message = await alice.post(roomId, 'before');
      assertInvalid(await alice.send('PATCH', messageUrl(message.id), { body: '  ' }), 'A message cannot be empty');
      const edited = await alice.send('PATCH', messageUrl(message.id), { body: 'after\u0007' });
      assert.equal(edited.json<ChatMessage>().body, 'after');
    });

    it('deletes your own message: 204, and it leaves the history', async () => {
      const message = await alice.post(roomId, 'oops');
      const response = await alice.send('DELETE', messageUrl(message.id));
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');
      assert.ok(!(await history()).some((m) => m.id === message.id));
    });

    it('deleting your own message again is done already (204), so a retried delete is safe', async () => {
      const message = await alice.post(roomId, 'twice');
      assert.equal((await alice.send('DELETE', messageUrl(message.id))).statusCode, 204);
      assert.equal((await alice.send('DELETE', messageUrl(message.id))).statusCode, 204);
    });

    it("answers 404 for someone else's deleted message, not 403 (deleted is gone for everyone)", async () => {
      const message = await alice.post(roomId, 'gone');
      await alice.send('DELETE', messageUrl(message.id));
      assert.equal((await bob.send('DELETE', messageUrl(message.id))).statusCode, 404);
      assert.equal((await bob.send('PATCH', messageUrl(message.id), { body: 'x' })).statusCode, 404);
    });

    it('answers 404 for editing a deleted message', async () => {
      const message = await alice.post(roomId, 'short-lived');
      await alice.send('DELETE', messageUrl(message.id));
      const response = await alice.send('PATCH', messageUrl(message.id), { body: 'back?' });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { error: 'not_found', message: 'There is no such message' });
    });

    it('answers 404 for editing or deleting a message that never was', async () => {
      assert.equal((await alice.send('PATCH', messageUrl(randomUUID()), { body: 'x' })).statusCode, 404);
      assert.equal((await alice.send('DELETE', messageUrl(randomUUID()))).statusCode, 404);
    });

    it('answers 400 for a message id that cannot be one', async () => {
      assertInvalid(await alice.send('DELETE', '/api/chat/messages/not%20an%20id'), 'The message id in the path is not valid');
    });
  });
});
