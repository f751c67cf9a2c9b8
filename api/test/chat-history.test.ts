/** History pages: newest page first, oldest first within a page, opaque cursors, no gap and no duplicate. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatLimits, chatPath, type MessagePage } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { type ChatCaller, type ChatTestbed, expectStatus, openChatApp } from './fixtures/chat.ts';

describe('chat history', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let alice: ChatCaller;
  let bob: ChatCaller;

  before(async () => {
    ({ testbed, app, alice, bob } = await openChatApp());
  });
  after(() => testbed.remove());

  /** A room with messages `m1` … `mN`, posted in that order by alice and bob in turn. */
  async function roomWith(name: string, count: number): Promise<string> {
    const roomId = (await alice.createRoom(name)).id;
    for (let n = 1; n <= count; n++) await (n % 2 === 0 ? bob : alice).post(roomId, `m${n}`);
    return roomId;
  }
  const page = async (roomId: string, query = '') =>
    expectStatus<MessagePage>(await alice.get(`${chatPath(ChatApiPath.RoomMessages, { roomId })}${query}`), 200);
  const bodiesOf = (p: MessagePage) => p.messages.map((message) => message.body);

  /** Follows olderCursor from the newest page to the first. */
  async function allPages(roomId: string, limit: number, between?: () => Promise<void>): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null | undefined;
    do {
      const query = `?limit=${limit}${cursor === undefined ? '' : `&before=${encodeURIComponent(cursor ?? '')}`}`;
      const current = await page(roomId, query);
      pages.push(bodiesOf(current));
      cursor = current.olderCursor;
      await between?.();
    } while (cursor !== null);
    return pages;
  }

  it('answers the newest page first, oldest first within it, then older pages to the first message', async () => {
    const roomId = await roomWith('paged', 7);
    assert.deepEqual(await allPages(roomId, 3), [['m5', 'm6', 'm7'], ['m2', 'm3', 'm4'], ['m1']]);
  });

  it('ends with olderCursor null on the page that holds the first message, even a full one', async () => {
    const roomId = await roomWith('exact', 4);
    const first = await page(roomId, '?limit=2');
    const second = await page(roomId, `?limit=2&before=${first.olderCursor ?? ''}`);
    assert.deepEqual(bodiesOf(second), ['m1', 'm2']);
    assert.equal(second.olderCursor, null);
  });

  it('answers an empty room with no messages and olderCursor null', async () => {
    const roomId = (await alice.createRoom('empty')).id;
    assert.deepEqual(await page(roomId), { messages: [], olderCursor: null });
  });

  it('misses nothing and repeats nothing when messages arrive between pages', async () => {
    const roomId = await roomWith('busy', 6);
    let n = 0;
    const pages = await allPages(roomId, 2, async () => {
      await bob.post(roomId, `new${++n}`);
    });
    assert.deepEqual(pages, [['m5', 'm6'], ['m3', 'm4'], ['m1', 'm2']]);
  });

  it('skips deleted messages without shortening the pages around them', async () => {
    const roomId = (await alice.createRoom('with-gaps')).id;
    const posted = [];
    for (let n = 1; n <= 6; n++) posted.push(await alice.post(roomId, `m${n}`));
    for (const index of [1, 4]) await alice.send('DELETE', chatPath(ChatApiPath.Message, { messageId: posted[index]?.id ?? '' }));
    assert.deepEqual(await allPages(roomId, 2), [['m4', 'm6'], ['m1', 'm3']]);
  });

  it(`gives ${ChatLimits.pageSizeDefault} messages a page without a limit`, async () => {
    const roomId = await roomWith('default-size', ChatLimits.pageSizeDefault + 1);
    const newest = await page(roomId);
    assert.equal(newest.messages.length, ChatLimits.pageSizeDefault);
    assert.equal(newest.messages[0]?.body, 'm2');
    assert.notEqual(newest.olderCursor, null);
  });

  it('answers 404 for a room that does not exist', async () => {
    const response = await alice.get(chatPath(ChatApiPath.RoomMessages, { roomId: 'no-such-room' }));
    assert.equal(response.statusCode, 404);
  });

  describe('refuses with 400 and says why', () => {
    let roomId: string;
    before(async () => {
      roomId = await roomWith('bad-input', 2);
    });
    const get = (query: string) => alice.get(`${chatPath(ChatApiPath.RoomMessages, { roomId })}${query}`);

    for (const limit of ['0', '101', '-1', '1.5', 'ten', '', '1e2', '0x10', '99999']) {
      it(`a limit of ${JSON.stringify(limit)}`, async () => {
        const response = await get(`?limit=${encodeURIComponent(limit)}`);
        assert.equal(response.statusCode, 400);
        assert.deepEqual(response.json(), { error: 'invalid_request', message: 'limit must be a whole number from 1 to 100' });
      });
    }

    it('two limits', async () => {
      assert.equal((await get('?limit=1&limit=2')).statusCode, 400);
    });

    for (const [why, cursor] of [
      ['garbage', 'not-a-cursor'],
      ['a number', '12'],
      ['base64 of something else', Buffer.from('after:3').toString('base64url')],
      ['a cursor at zero', Buffer.from('before:0').toString('base64url')],
      ['characters outside base64url', 'abc$%'],
      ['empty', ''],
    ] as const) {
      it(`a before cursor that is ${why}`, async () => {
        const response = await get(`?before=${encodeURIComponent(cursor)}`);
        assert.equal(response.statusCode, 400);
        assert.deepEqual(response.json(), {
          error: 'invalid_request',
          message: "The before cursor is not valid: pass a page's olderCursor as it came",
        });
      });
    }

    it('a parameter history does not take', async () => {
      const response = await get('?after=1');
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().message, 'History takes before and limit only');
    });
  });
});
