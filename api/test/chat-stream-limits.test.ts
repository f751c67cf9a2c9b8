/**
 * The live-stream caps (`CHAT_STREAMS_PER_USER`, `_PER_IP`, `_PER_INSTANCE`), over a real loopback
 * server: one user, one address or many cannot hold streams without end. Client addresses come from
 * `X-Forwarded-For`, which the app believes from loopback (`TRUST_PROXY`), as behind nginx.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ChatApiPath, ChatEventType } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { listenOnLoopback } from './fixtures/app.ts';
import { callAs, createChatTestbed, type ChatTestbed, type UserName } from './fixtures/chat.ts';
import { openEventStream, type EventStreamClient } from './fixtures/event-stream-client.ts';

const UNLESS_IT_HANGS = { timeout: 20_000 };
const PER_USER = 2;
const PER_IP = 3;
const PER_INSTANCE = 4;

describe('chat live-stream limits', () => {
  let testbed: ChatTestbed;
  let url: string;
  const clients: EventStreamClient[] = [];

  before(async () => {
    testbed = await createChatTestbed();
  });
  after(() => testbed.remove());

  /** Each test starts with an instance of its own, holding no stream. */
  beforeEach(async () => {
    app = await testbed.build({
      CHAT_STREAMS_PER_USER: String(PER_USER),
      CHAT_STREAMS_PER_IP: String(PER_IP),
      CHAT_STREAMS_PER_INSTANCE: String(PER_INSTANCE),
      TRUST_PROXY: 'loopback',
    });
    url = `http://127.0.0.1:${await listenOnLoopback(app)}${ChatApiPath.Events}`;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await app.close();
  });
  let app: FastifyInstance;

  /** A stream as `user` from `address`; open (200, up to ready) or refused (its status and body). */
  async function stream(user: UserName, address: string): Promise<EventStreamClient> {
    const client = await openEventStream(url, { token: await testbed.token(user), headers: { 'x-forwarded-for': address } });
    clients.push(client);
    if (client.status === 200) await client.until(ChatEventType.Ready);
    return client;
  }
  const refusal = async (client: EventStreamClient) => {
    await client.ended;
    return JSON.parse(client.text()) as { error: string; message: string };
  };

  it('closes the oldest stream of a user who opens one more than CHAT_STREAMS_PER_USER (one token opening streams without end), telling it why', UNLESS_IT_HANGS, async () => {
    const first = await stream('alice', '203.0.113.1');
    const second = await stream('alice', '203.0.113.2');
    const third = await stream('alice', '203.0.113.3');
    assert.equal(third.status, 200, 'the newest stream is let in');
    const [evicted] = await first.until(ChatEventType.TooManyStreams);
    assert.deepEqual(evicted, { id: undefined, type: ChatEventType.TooManyStreams, data: { limit: PER_USER } });
    await first.ended;
    assert.equal(await first.next(), 'end', 'the oldest is closed after saying why');
    // The others stay open: a new room still reaches both (until() fails if a stream ends first).
    await callAs(app, testbed, 'bob').createRoom('still-here');
    for (const open of [second, third]) assert.equal((await open.until(ChatEventType.RoomCreated)).at(-1)?.type, ChatEventType.RoomCreated);
  });

  it('refuses a stream past CHAT_STREAMS_PER_IP from one address, whoever the users (many accounts behind one address): 429 too_many_streams with Retry-After', UNLESS_IT_HANGS, async () => {
    const address = '203.0.113.50';
    for (const user of ['alice', 'bob', 'dave'] as const) assert.equal((await stream(user, address)).status, 200);
    const refused = await stream('alice', address);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.equal((await refusal(refused)).error, 'too_many_streams');
    assert.equal((await stream('alice', '203.0.113.51')).status, 200, 'another address still gets its stream');
  });

  it('counts an IPv6 /64 as one address, as the request limit does', UNLESS_IT_HANGS, async () => {
    for (const [user, host] of [['alice', '1'], ['bob', '2'], ['dave', '3']] as const) {
      assert.equal((await stream(user, `2001:db8:1:2::${host}`)).status, 200);
    }
    assert.equal((await stream('alice', '2001:db8:1:2:ffff::9')).status, 429);
  });

  it('refuses a stream past CHAT_STREAMS_PER_INSTANCE (many users from many addresses filling the server): 503 streams_full with Retry-After', UNLESS_IT_HANGS, async () => {
    for (const [n, user] of (['alice', 'bob', 'dave', 'alice'] as const).entries()) {
      assert.equal((await stream(user, `198.51.100.${n + 1}`)).status, 200);
    }
    const refused = await stream('bob', '198.51.100.20');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '10');
    assert.equal((await refusal(refused)).error, 'streams_full');
  });

  it('lets a place go when its stream ends: the address refused gets a stream once a tab closes', UNLESS_IT_HANGS, async () => {
    const address = '203.0.113.70';
    const held = [];
    for (const user of ['alice', 'bob', 'dave'] as const) held.push(await stream(user, address));
    assert.equal((await stream('alice', address)).status, 429);
    held[0]?.close();
    let reopened = 429;
    for (let i = 0; i < 100 && reopened !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reopened = (await stream('alice', address)).status;
    }
    assert.equal(reopened, 200);
  });
});
