/** The per-user limit on chat writes (`RATE_LIMIT_CHAT_POSTS`: posts, edits and deletes): 429 with `Retry-After`. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, chatPath, type ChatMessage, type MessagePage } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { callAs, expectStatus, type ChatCaller, type ChatTestbed, openChatApp } from './fixtures/chat.ts';

const POSTS_PER_MINUTE = 3;

describe('chat posting rate limit', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;
  let roomId: string;

  before(async () => {
    ({ testbed, app, alice, bob } = await openChatApp({ RATE_LIMIT_CHAT_POSTS: String(POSTS_PER_MINUTE) }));
    roomId = (await alice.createRoom('general')).id;
  });
  after(() => testbed.remove());

  const post = (caller: ChatCaller, body: string) =>
    caller.send('POST', chatPath(ChatApiPath.RoomMessages, { roomId }), { body }, { 'idempotency-key': randomUUID() });

  it('answers 429 with Retry-After and a JSON body once a user posts too fast, and makes nothing', async () => {
    for (let n = 1; n <= POSTS_PER_MINUTE; n++) assert.equal((await post(alice, `m${n}`)).statusCode, 201);
    const refused = await post(alice, 'one too many');
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1, `Retry-After: ${String(refused.headers['retry-after'])}`);
    assert.equal(refused.json().error, 'too_many_requests');
    assert.match(refused.json().message, /^You are sending messages too fast, try again in \d+ seconds$/);
    const history = await alice.get(chatPath(ChatApiPath.RoomMessages, { roomId }));
    assert.ok(!history.json().messages.some((message: { body: string }) => message.body === 'one too many'));
  });

  it('limits writing only: the user still reads and marks read', async () => {
    assert.equal((await post(alice, 'still limited')).statusCode, 429);
    const history = await alice.get(chatPath(ChatApiPath.RoomMessages, { roomId }));
    assert.equal(history.statusCode, 200);
    const [first] = history.json().messages as { id: string }[];
    assert.equal((await alice.send('POST', chatPath(ChatApiPath.RoomRead, { roomId }), { upTo: first?.id })).statusCode, 204);
  });

  it('counts edits and deletes with posts: an edit loop flooding every open stream is stopped with 429 and Retry-After, and changes nothing', async () => {
    const dave = callAs(app, testbed, 'dave');
    const message = expectStatus<ChatMessage>(await post(dave, 'typo'), 201);
    const messagePath = chatPath(ChatApiPath.Message, { messageId: message.id });
    for (let n = 2; n <= POSTS_PER_MINUTE; n++) assert.equal((await dave.send('PATCH', messagePath, { body: `edit ${n}` })).statusCode, 200);
    const refused = await dave.send('PATCH', messagePath, { body: 'one edit too many' });
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1, `Retry-After: ${String(refused.headers['retry-after'])}`);
    assert.equal(refused.json().error, 'too_many_requests');
    assert.match(refused.json().message, /^You are changing messages too fast, try again in \d+ seconds$/);
    const deleting = await dave.send('DELETE', messagePath);
    assert.equal(deleting.statusCode, 429, 'a delete counts too');
    const history = expectStatus<MessagePage>(await dave.get(chatPath(ChatApiPath.RoomMessages, { roomId })), 200);
    assert.equal(history.messages.find((m) => m.id === message.id)?.body, `edit ${POSTS_PER_MINUTE}`);
  });

  it('counts each user apart: another user still posts', async () => {
    assert.equal((await post(bob, 'my turn')).statusCode, 201);
  });
});
