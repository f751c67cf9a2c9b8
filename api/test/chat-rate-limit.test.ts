/** The per-user limit on posting messages (`RATE_LIMIT_CHAT_POSTS`): 429 with `Retry-After`, for posting only. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, chatPath } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { type ChatCaller, type ChatTestbed, openChatApp } from './fixtures/chat.ts';

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

  it('limits posting only: the user still reads, edits and marks read', async () => {
    assert.equal((await post(alice, 'still limited')).statusCode, 429);
    const history = await alice.get(chatPath(ChatApiPath.RoomMessages, { roomId }));
    assert.equal(history.statusCode, 200);
    const [first] = history.json().messages as { id: string }[];
    assert.equal((await alice.send('PATCH', chatPath(ChatApiPath.Message, { messageId: first?.id ?? '' }), { body: 'edited' })).statusCode, 200);
    assert.equal((await alice.send('POST', chatPath(ChatApiPath.RoomRead, { roomId }), { upTo: first?.id })).statusCode, 204);
  });

  it('counts each user apart: another user still posts', async () => {
    assert.equal((await post(bob, 'my turn')).statusCode, 201);
  });
});
