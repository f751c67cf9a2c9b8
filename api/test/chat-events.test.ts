/**
 * The live stream (`GET /api/chat/events`), over a real loopback server and read as the SPA reads
 * it: `fetch` with the `Authorization` header, the body parsed as server-sent events.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatEventType, chatPath, type ChatMessage, type ChatRoom } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { CHAT_STREAM_SETTINGS } from '../src/chat/event-stream.ts';
import { SERVER_LIMITS } from '../src/http/server-limits.ts';
import { ANONYMOUS_CHALLENGE, bearerChallenge, listenOnLoopback } from './fixtures/app.ts';
import { callAs, createChatTestbed, expectStatus, expiringIn, type ChatCaller, type ChatTestbed } from './fixtures/chat.ts';
import { openEventStream, type EventStreamClient, type ReceivedEvent } from './fixtures/event-stream-client.ts';
import { nowSeconds } from './fixtures/tokens.ts';

/** A test that waits for the server to do something ends when it does; should it never, it fails after this. */
const UNLESS_IT_HANGS = { timeout: 20_000 };

const typesOf = (events: readonly ReceivedEvent[]) => events.map((event) => event.type);

describe('chat event stream', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let baseUrl: string;
  let alice: ChatCaller;
  let bob: ChatCaller;
  let roomId: string;
  const clients: EventStreamClient[] = [];

  before(async () => {
    testbed = await createChatTestbed();
    app = await testbed.build();
    baseUrl = `http://127.0.0.1:${await listenOnLoopback(app)}`;
    alice = callAs(app, testbed, 'alice');
    bob = callAs(app, testbed, 'bob');
    roomId = (await alice.createRoom('general')).id;
  });
  after(async () => {
    for (const client of clients) client.close();
    await testbed.remove();
  });

  /** Opens a stream as alice (or with the given token) and keeps it to close after the tests. */
  async function stream(options: { token?: string; lastEventId?: string; url?: string } = {}): Promise<EventStreamClient> {
    const client = await openEventStream(options.url ?? `${baseUrl}${ChatApiPath.Events}`, {
      token: options.token ?? (await testbed.token('alice')),
      ...(options.lastEventId === undefined ? {} : { lastEventId: options.lastEventId }),
    });
    clients.push(client);
    return client;
  }
  /** The id of the latest event, as `ready` tells a new stream. */
  async function latestEventId(): Promise<string> {
    const client = await stream();
    const [ready] = await client.until(ChatEventType.Ready);
    client.close();
    return ready?.id ?? '';
  }

  it('answers text/event-stream, not stored, with the security headers, and says ready first', UNLESS_IT_HANGS, async () => {
    const client = await stream();
    assert.equal(client.status, 200);
    assert.equal(client.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(client.headers.get('cache-control'), 'no-store');
    assert.equal(client.headers.get('x-content-type-options'), 'nosniff');
    assert.match(client.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const first = await client.next();
    assert.notEqual(first, 'end');
    assert.equal((first as ReceivedEvent).type, ChatEventType.Ready);
    assert.match((first as ReceivedEvent).id ?? '', /^\d+$/);
  });

  it("delivers a message one user posts to another user's open stream, as the API answered it", UNLESS_IT_HANGS, async () => {
    const client = await stream();
    await client.until(ChatEventType.Ready);
    const posted = await bob.post(roomId, 'Hello, Alice');
    const event = await client.next();
    assert.notEqual(event, 'end');
    assert.equal((event as ReceivedEvent).type, ChatEventType.MessageCreated);
    assert.deepEqual((event as ReceivedEvent).data, posted, 'exactly the contract fields, nothing more');
  });

  it('sends the author, and only the author, the Idempotency-Key of their post with its live echo (so two equal messages are never confused)', UNLESS_IT_HANGS, async () => {
    const own = await stream();
    const others = await stream({ token: await testbed.token('bob') });
    await own.until(ChatEventType.Ready);
    await others.until(ChatEventType.Ready);
    const keys = [randomUUID(), randomUUID()];
    const posted: ChatMessage[] = [];
    for (const key of keys) {
      posted.push(expectStatus(await alice.send('POST', chatPath(ChatApiPath.RoomMessages, { roomId }), { body: 'same text' }, { 'idempotency-key': key }), 201));
    }
    const ownEvents = [await own.next(), await own.next()] as ReceivedEvent[];
    assert.deepEqual(ownEvents.map((event) => event.data), posted.map((message, i) => ({ ...message, idempotencyKey: keys[i] })));
    const othersEvents = [await others.next(), await others.next()] as ReceivedEvent[];
    assert.deepEqual(othersEvents.map((event) => event.data), posted, "another user's stream never carries the key");
  });

  it('carries no key on an event replayed after Last-Event-ID, even to its author', UNLESS_IT_HANGS, async () => {
    const lastEventId = await latestEventId();
    const posted = await alice.post(roomId, 'while away');
    const client = await stream({ lastEventId });
    const [replayed] = await client.until(ChatEventType.Ready);
    assert.deepEqual(replayed?.data, posted);
  });

  it('delivers edits, deletions and new rooms live, in order, with growing ids', UNLESS_IT_HANGS, async () => {
    const client = await stream();
    await client.until(ChatEventType.Ready);
    const message = await bob.post(roomId, 'draft');
    const edited = expectStatus<ChatMessage>(await bob.send('PATCH', chatPath(ChatApiPath.Message, { messageId: message.id }), { body: 'final' }), 200);
    await bob.send('DELETE', chatPath(ChatApiPath.Message, { messageId: message.id }));
    const room = await bob.createRoom('live-room', 'made live');
    const events = await client.until(ChatEventType.RoomCreated);
    assert.deepEqual(typesOf(events), [ChatEventType.MessageCreated, ChatEventType.MessageUpdated, ChatEventType.MessageDeleted, ChatEventType.RoomCreated]);
    assert.deepEqual(events[1]?.data, edited);
    assert.deepEqual(events[2]?.data, { id: message.id, roomId });
    // The room as its maker got it, but `mine`: the event is the same for everyone.
    assert.deepEqual(events[3]?.data, { ...(room satisfies ChatRoom), mine: false });
    const ids = events.map((event) => Number(event.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('resumes after Last-Event-ID: exactly the events missed, in order, then ready', UNLESS_IT_HANGS, async () => {
    const seen = await latestEventId();
    const one = await bob.post(roomId, 'missed one');
    const two = await bob.post(roomId, 'missed two');
    const client = await stream({ lastEventId: seen });
    const events = await client.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.MessageCreated, ChatEventType.MessageCreated, ChatEventType.Ready]);
    assert.deepEqual(events.slice(0, 2).map((event) => event.data), [one, two]);
    assert.ok(Number(events[0]?.id) > Number(seen));
    assert.equal(events[2]?.id, events[1]?.id, 'ready carries the id of the last event sent');
  });

  it('resumes with nothing to replay when the client saw the latest event', UNLESS_IT_HANGS, async () => {
    const seen = await latestEventId();
    const client = await stream({ lastEventId: seen });
    const events = await client.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.Ready]);
    assert.equal(events[0]?.id, seen);
  });

  it('replays a message as it is now: an edit shows, and a message deleted since is not sent again', UNLESS_IT_HANGS, async () => {
    const seen = await latestEventId();
    const edited = await bob.post(roomId, 'first words');
    await bob.send('PATCH', chatPath(ChatApiPath.Message, { messageId: edited.id }), { body: 'second thoughts' });
    const deleted = await bob.post(roomId, 'the secret I pasted by mistake');
    await bob.send('DELETE', chatPath(ChatApiPath.Message, { messageId: deleted.id }));
    const client = await stream({ lastEventId: seen });
    const events = await client.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.MessageCreated, ChatEventType.MessageUpdated, ChatEventType.MessageDeleted, ChatEventType.Ready]);
    assert.equal((events[0]?.data as ChatMessage).body, 'second thoughts');
    assert.doesNotMatch(client.text(), /secret I pasted/);
  });

  it('refuses a Last-Event-ID that is not an event id with 400', UNLESS_IT_HANGS, async () => {
    for (const lastEventId of ['abc', '-1', '1.5', '01', '9'.repeat(20)]) {
      const client = await stream({ lastEventId });
      assert.equal(client.status, 400, lastEventId);
      client.close();
    }
  });

  it('sends reset for an id ahead of the log (a database replaced or restored), then goes on live', UNLESS_IT_HANGS, async () => {
    const latest = Number(await latestEventId());
    const client = await stream({ lastEventId: String(latest + 1000) });
    const events = await client.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.Reset, ChatEventType.Ready]);
    assert.equal(events[0]?.id, String(latest));
    const posted = await bob.post(roomId, 'after the reset');
    assert.deepEqual(((await client.next()) as ReceivedEvent).data, posted);
  });

  it('refuses a stream to a token whose exp has passed, even within the clock tolerance (401 invalid_token)', UNLESS_IT_HANGS, async () => {
    const token = await testbed.token('alice', { iat: nowSeconds() - 60, exp: nowSeconds() - 5 });
    assert.equal((await alice.get(ChatApiPath.Rooms)).statusCode, 200);
    assert.equal((await app.inject({ url: ChatApiPath.Rooms, headers: { authorization: `Bearer ${token}` } })).statusCode, 200, 'the guard lets it in');
    const response = await fetch(`${baseUrl}${ChatApiPath.Events}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
    assert.equal(bearerChallenge(response.headers.get('www-authenticate')).params.error, 'invalid_token');
    assert.equal((await response.json()).error, 'invalid_token');
  });

  it('never takes a token from the URL: ?access_token= is answered 401', UNLESS_IT_HANGS, async () => {
    const token = await testbed.token('alice');
    const response = await fetch(`${baseUrl}${ChatApiPath.Events}?access_token=${token}`);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), ANONYMOUS_CHALLENGE);
    await response.body?.cancel();
  });

  it('ends the stream when its token expires: token-expired (no id), then the server closes it', UNLESS_IT_HANGS, async () => {
    const client = await stream({ token: await testbed.token('alice', expiringIn(2)) });
    const events = await client.until(ChatEventType.TokenExpired);
    assert.equal(events.at(-1)?.id, undefined, 'token-expired is not a place in the log');
    await client.ended;
    assert.equal(await client.next(), 'end');
  });

  it('ends the stream at the maximum token age when that comes before exp', UNLESS_IT_HANGS, async () => {
    const aged = await testbed.build({ OIDC_ACCESS_TOKEN_MAX_AGE: '62' });
    const url = `http://127.0.0.1:${await listenOnLoopback(aged)}${ChatApiPath.Events}`;
    const client = await stream({ url, token: await testbed.token('alice', { iat: nowSeconds() - 60, exp: nowSeconds() + 3600 }) });
    await client.until(ChatEventType.TokenExpired);
    await client.ended;
    await aged.close();
  });
});

describe('chat event stream across restarts and pruning', () => {
  let testbed: ChatTestbed;
  before(async () => {
    testbed = await createChatTestbed();
  });
  after(() => testbed.remove());

  async function serve(): Promise<{ app: FastifyInstance; url: string }> {
    const app = await testbed.build();
    return { app, url: `http://127.0.0.1:${await listenOnLoopback(app)}${ChatApiPath.Events}` };
  }

  it('resumes from Last-Event-ID after the app is closed and opened again on the same database', UNLESS_IT_HANGS, async () => {
    const first = await serve();
    const bob = callAs(first.app, testbed, 'bob');
    const roomId = (await bob.createRoom('restart')).id;
    const before = await openEventStream(first.url, { token: await testbed.token('alice') });
    const [ready] = await before.until(ChatEventType.Ready);
    const missed = await bob.post(roomId, 'while you were away');
    before.close();
    await first.app.close();

    const second = await serve();
    const after = await openEventStream(second.url, { token: await testbed.token('alice'), lastEventId: ready?.id ?? '' });
    const events = await after.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.MessageCreated, ChatEventType.Ready]);
    assert.deepEqual(events[0]?.data, missed);
    const live = await callAs(second.app, testbed, 'bob').post(roomId, 'back live');
    assert.deepEqual(((await after.next()) as ReceivedEvent).data, live);
    assert.ok(Number(events[0]?.id) > Number(ready?.id));
    after.close();
    await second.app.close();
  });

  it('sends reset for an id older than the events kept, then goes on live', UNLESS_IT_HANGS, async () => {
    const { app, url } = await serve();
    const bob = callAs(app, testbed, 'bob');
    const roomId = (await bob.createRoom('pruned')).id;
    const seen = await openEventStream(url, { token: await testbed.token('alice') });
    const [ready] = await seen.until(ChatEventType.Ready);
    seen.close();
    await bob.post(roomId, 'soon forgotten');
    const latest = (await bob.post(roomId, 'also forgotten')).id;

    const sameDatabase = await testbed.database.openStorage();
    await sameDatabase.pruneChat({ eventsBefore: new Date(Date.now() + 60_000), keysBefore: new Date(0) });
    await sameDatabase.close();

    const client = await openEventStream(url, { token: await testbed.token('alice'), lastEventId: ready?.id ?? '' });
    const events = await client.until(ChatEventType.Ready);
    assert.deepEqual(typesOf(events), [ChatEventType.Reset, ChatEventType.Ready]);
    assert.ok(Number(events[0]?.id) > Number(ready?.id));
    const page = expectStatus<{ messages: ChatMessage[] }>(await bob.get(chatPath(ChatApiPath.RoomMessages, { roomId })), 200);
    assert.equal(page.messages.at(-1)?.id, latest, 'the messages themselves are kept: reset means reload');
    client.close();
    await app.close();
  });
});

describe('chat event stream and the HTTP server', () => {
  let testbed: ChatTestbed;
  before(async () => {
    testbed = await createChatTestbed();
  });
  after(() => testbed.remove());

  it('stays open, with heartbeats, long past the request timeout', UNLESS_IT_HANGS, async () => {
    const requestTimeoutMs = 200;
    const app = await testbed.build({}, {
      limits: { ...SERVER_LIMITS, requestTimeoutMs, headersTimeoutMs: requestTimeoutMs, keepAliveTimeoutMs: requestTimeoutMs, timeoutCheckIntervalMs: 20 },
      chatStream: { ...CHAT_STREAM_SETTINGS, heartbeatMs: 50 },
    });
    const url = `http://127.0.0.1:${await listenOnLoopback(app)}${ChatApiPath.Events}`;
    const client = await openEventStream(url, { token: await testbed.token('alice') });
    await client.until(ChatEventType.Ready);
    const openedAt = Date.now();
    let heartbeats = 0;
    while (Date.now() - openedAt < 5 * requestTimeoutMs) {
      assert.equal(await client.nextComment(), 'heartbeat');
      heartbeats += 1;
    }
    assert.ok(heartbeats >= 2);
    const room = await callAs(app, testbed, 'bob').createRoom('still-open');
    const [created] = await client.until(ChatEventType.RoomCreated);
    assert.deepEqual(created?.data, { ...room, mine: false }, 'and still delivers');
    client.close();
    await app.close();
  });

  it('ends open streams when the app closes, so a graceful shutdown does not wait for them', UNLESS_IT_HANGS, async () => {
    const app = await testbed.build();
    const url = `http://127.0.0.1:${await listenOnLoopback(app)}${ChatApiPath.Events}`;
    const clients = await Promise.all([1, 2, 3].map(async () => openEventStream(url, { token: await testbed.token('alice') })));
    await Promise.all(clients.map((client) => client.until(ChatEventType.Ready)));
    await app.close();
    await Promise.all(clients.map((client) => client.ended));
  });

  it('cuts off a client that stops reading, instead of holding its events in memory', UNLESS_IT_HANGS, async () => {
    const logLines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const app = await testbed.build({}, { chatStream: { ...CHAT_STREAM_SETTINGS, maxBufferedBytes: 64 * 1024 }, logStream });
    const socket = connect(await listenOnLoopback(app), '127.0.0.1');
    socket.pause();
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    socket.write(`GET ${ChatApiPath.Events} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${await testbed.token('alice')}\r\n\r\n`);
    const bob = callAs(app, testbed, 'bob');
    const roomId = (await bob.createRoom('firehose')).id;
    const cutOff = () => logLines.some((line) => line.includes('"reason":"too-far-behind"'));
    // The kernel's socket buffers fill first; then the server's queue grows past the limit.
    let posted = 0;
    while (!cutOff() && posted < 5000) {
      await bob.post(roomId, 'x'.repeat(4000));
      posted += 1;
    }
    socket.destroy();
    await app.close();
    assert.ok(cutOff(), `the server still held the stalled stream after ${posted} messages`);
  });
});
