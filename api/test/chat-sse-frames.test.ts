/**
 * The frames of a live event fanned out to many streams: made once and shared by every reader but
 * the post's author, whose own frame carries the post's key (own-echo.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatEventType } from '@app/contracts';
import type { ChatLiveEvent } from '../src/chat/event-hub.ts';
import { eventForReader } from '../src/chat/own-echo.ts';
import { formatSseEvent, sseFrame } from '../src/chat/sse.ts';

const posted: ChatLiveEvent = {
  id: 7,
  type: ChatEventType.MessageCreated,
  data: { id: 'm7', roomId: 'r1', author: { sub: 'bob', name: 'Bob' }, body: 'héllo', createdAt: '2025-01-01T00:00:00.000Z', editedAt: null },
  idempotencyKey: 'key-of-bobs-post',
};

describe('live event frames', () => {
  it('gives every reader but the author the same frame, serialised once', () => {
    const alice = sseFrame(eventForReader(posted, 'alice'));
    const carol = sseFrame(eventForReader(posted, 'carol'));
    assert.equal(alice, carol);
    assert.equal(alice.toString('utf8'), formatSseEvent({ id: 7, type: ChatEventType.MessageCreated, data: posted.data }));
    assert.ok(!alice.toString('utf8').includes('key-of-bobs-post'));
  });

  it('gives the author a frame of their own, with their post\'s key', () => {
    const bob = sseFrame(eventForReader(posted, 'bob'));
    assert.notEqual(bob, sseFrame(eventForReader(posted, 'alice')));
    assert.ok(bob.toString('utf8').includes('"idempotencyKey":"key-of-bobs-post"'));
  });

  it('frames another event on its own, though its fields are equal', () => {
    const again: ChatLiveEvent = { ...posted, data: { ...posted.data, body: 'other' } };
    assert.ok(sseFrame(eventForReader(again, 'alice')).toString('utf8').includes('"body":"other"'));
  });
});
