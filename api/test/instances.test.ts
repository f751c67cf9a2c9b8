/**
 * Several instances on one PostgreSQL database, as in production behind a load balancer: each
 * instance is a whole app (its own pool, its own LISTEN connection, its own streams), on its own
 * loopback port, and the database is a real server this file starts, stops and starts again.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiPath, ChatApiPath, ChatEventType, chatPath, ErrorCode, TokenRefusal, type ChatMessage, type ChatRoomList } from '@app/contracts';
import { startPostgresServer, type PostgresServer } from '@app/testing';
import type { FastifyInstance } from 'fastify';
import { POSTGRES_MIGRATIONS } from '../src/storage/postgres/migrations.ts';
import { listenOnLoopback } from './fixtures/app.ts';
import { createDpopKey, signProof } from './fixtures/dpop.ts';
import { callAs, createChatTestbed, expectStatus, type ChatCaller, type ChatTestbed } from './fixtures/chat.ts';
import { openEventStream, type EventStreamClient, type ReceivedEvent } from './fixtures/event-stream-client.ts';
import { createPostgresTestDatabase } from './fixtures/test-database.ts';

/** A test that waits for something to happen ends when it does; should it never, it fails after this. */
const UNLESS_IT_HANGS = { timeout: 30_000 };

interface Instance {
  readonly app: FastifyInstance;
  readonly origin: string;
  readonly alice: ChatCaller;
  readonly bob: ChatCaller;
}

describe('two instances on one PostgreSQL database', () => {
  let server: PostgresServer;
  let testbed: ChatTestbed;
  let a: Instance;
  let b: Instance;
  let roomId: string;
  const streams: EventStreamClient[] = [];

  async function startInstance(env: Record<string, string> = {}): Promise<Instance> {
    const app = await testbed.build(env);
    const origin = `http://127.0.0.1:${await listenOnLoopback(app)}`;
    return { app, origin, alice: callAs(app, testbed, 'alice'), bob: callAs(app, testbed, 'bob') };
  }
  async function stream(on: Instance, lastEventId?: string, user: 'alice' | 'bob' = 'alice'): Promise<EventStreamClient> {
    const client = await openEventStream(`${on.origin}${ChatApiPath.Events}`, {
      token: await testbed.token(user),
      ...(lastEventId === undefined ? {} : { lastEventId }),
    });
    streams.push(client);
    return client;
  }
  /** The next message event of a stream, skipping heartbeats and other rooms' noise. */
  async function nextMessage(client: EventStreamClient): Promise<ReceivedEvent> {
    for (;;) {
      const event = await client.next();
      if (event === 'end') throw new Error('the stream ended');
      if (event.type === ChatEventType.MessageCreated) return event;
    }
  }
  const post = (caller: ChatCaller, body: string, key: string = randomUUID()) =>
    caller.send('POST', chatPath(ChatApiPath.RoomMessages, { roomId }), { body }, { 'idempotency-key': key });

  before(async () => {
    server = await startPostgresServer();
    testbed = await createChatTestbed(await createPostgresTestDatabase(server.url));
    [a, b] = [await startInstance(), await startInstance()];
  });
  after(async () => {
    for (const client of streams) client.close();
    await testbed.remove().catch(() => undefined);
    await server.remove();
  });

  it('lists on B a room made on A', UNLESS_IT_HANGS, async () => {
    roomId = (await a.alice.createRoom('general', 'Everyone')).id;
    const rooms = expectStatus<ChatRoomList>(await b.bob.get(ChatApiPath.Rooms), 200).rooms;
    assert.deepEqual(rooms.map((room) => ({ id: room.id, name: room.name })), [{ id: roomId, name: 'general' }]);
  });

  it('delivers a message posted on A to a stream open on B, as A answered it', UNLESS_IT_HANGS, async () => {
    const onB = await stream(b);
    await onB.until(ChatEventType.Ready);
    const posted = expectStatus<ChatMessage>(await post(a.bob, 'from A'), 201);
    assert.deepEqual((await nextMessage(onB)).data, posted);
    onB.close();
  });

  it("gives a post's Idempotency-Key to its author's streams on every instance, through the notification, and to no one else's (no double message for an author whose stream is on another instance)", UNLESS_IT_HANGS, async () => {
    const [onA, onB, bobOnB] = [await stream(a), await stream(b), await stream(b, undefined, 'bob')];
    await Promise.all([onA, onB, bobOnB].map((client) => client.until(ChatEventType.Ready)));
    const key = randomUUID();
    const posted = expectStatus<ChatMessage>(await post(a.alice, 'echo me', key), 201);
    assert.deepEqual((await nextMessage(onA)).data, { ...posted, idempotencyKey: key });
    assert.deepEqual((await nextMessage(onB)).data, { ...posted, idempotencyKey: key });
    assert.deepEqual((await nextMessage(bobOnB)).data, posted);
    for (const client of [onA, onB, bobOnB]) client.close();
  });

  it("answers on B a retry of A's post with the same Idempotency-Key: 200 and the same message, made once", UNLESS_IT_HANGS, async () => {
    const key = randomUUID();
    const first = expectStatus<ChatMessage>(await post(a.alice, 'once only', key), 201);
    const retried = await post(b.alice, 'once only', key);
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json<ChatMessage>().id, first.id);
    const page = expectStatus<{ messages: ChatMessage[] }>(await b.alice.get(chatPath(ChatApiPath.RoomMessages, { roomId })), 200);
    assert.equal(page.messages.filter((m) => m.body === 'once only').length, 1);
  });

  it('makes one message when the same post reaches A and B at the same moment', UNLESS_IT_HANGS, async () => {
    const key = randomUUID();
    const [onA, onB] = await Promise.all([post(a.alice, 'raced', key), post(b.alice, 'raced', key)]);
    assert.deepEqual([onA.statusCode, onB.statusCode].sort(), [200, 201]);
    assert.equal(onA.json<ChatMessage>().id, onB.json<ChatMessage>().id);
  });

  it('resumes on A, in order, a stream whose Last-Event-ID came from B', UNLESS_IT_HANGS, async () => {
    const onB = await stream(b);
    const [ready] = await onB.until(ChatEventType.Ready);
    onB.close();
    const missed = [
      expectStatus<ChatMessage>(await post(b.bob, 'missed 1'), 201),
      expectStatus<ChatMessage>(await post(a.bob, 'missed 2'), 201),
      expectStatus<ChatMessage>(await post(b.bob, 'missed 3'), 201),
    ];
    const onA = await stream(a, ready?.id);
    const events = await onA.until(ChatEventType.Ready);
    assert.deepEqual(events.map((e) => e.type), [ChatEventType.MessageCreated, ChatEventType.MessageCreated, ChatEventType.MessageCreated, ChatEventType.Ready]);
    assert.deepEqual(events.slice(0, 3).map((e) => e.data), missed);
    const ids = events.map((e) => Number(e.id));
    assert.deepEqual([...ids].sort((x, y) => x - y), ids, 'ids grow');
    onA.close();
  });

  it('delivers messages posted on both instances at once to streams on each, all of them, in the same log order', UNLESS_IT_HANGS, async () => {
    const [onA, onB] = [await stream(a), await stream(b)];
    await Promise.all([onA.until(ChatEventType.Ready), onB.until(ChatEventType.Ready)]);
    const posts = await Promise.all(Array.from({ length: 20 }, (_, n) => post(n % 2 === 0 ? a.alice : b.bob, `burst ${n}`)));
    const made = new Set(posts.map((p) => expectStatus<ChatMessage>(p, 201).id));
    const received = async (client: EventStreamClient) => {
      const events: ReceivedEvent[] = [];
      while (events.length < made.size) events.push(await nextMessage(client));
      return events;
    };
    const [seenOnA, seenOnB] = await Promise.all([received(onA), received(onB)]);
    assert.deepEqual(new Set(seenOnA.map((e) => (e.data as ChatMessage).id)), made);
    assert.deepEqual(seenOnA.map((e) => e.id), seenOnB.map((e) => e.id), 'the same events in the same order');
    const ids = seenOnA.map((e) => Number(e.id));
    assert.deepEqual([...ids].sort((x, y) => x - y), ids, 'in log order');
    onA.close();
    onB.close();
  });

  it('holds the chat posting limit across instances: posts on A and B count together', UNLESS_IT_HANGS, async () => {
    const limited = [await startInstance({ RATE_LIMIT_CHAT_POSTS: '3' }), await startInstance({ RATE_LIMIT_CHAT_POSTS: '3' })];
    // A user of their own, so no earlier post of this file counts in the window.
    const token = await testbed.token('bob', { sub: `dave-${randomUUID()}`, name: 'Dave' });
    const postOn = (instance: Instance, body: string) =>
      instance.app.inject({
        method: 'POST',
        url: chatPath(ChatApiPath.RoomMessages, { roomId }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: JSON.stringify({ body }),
      });
    const statuses = [];
    for (const instance of [limited[0], limited[1], limited[0], limited[1]]) statuses.push((await postOn(instance!, 'counted')).statusCode);
    assert.deepEqual(statuses, [201, 201, 201, 429], 'four posts against a limit of 3, alternating between two instances');
    const refused = await postOn(limited[0]!, 'still over the limit');
    assert.equal(refused.json().error, ErrorCode.TooManyRequests);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    await Promise.all(limited.map((instance) => instance.app.close()));
  });

  it('remembers DPoP proofs per instance: a captured request is refused again where it was taken, and at most once more by each other instance (the bound SECURITY.md states)', UNLESS_IT_HANGS, async () => {
    const key = await createDpopKey();
    const token = await testbed.token('alice', { cnf: { jkt: key.jkt } });
    // Both instances have APP_ORIGIN http://localhost:4200: the proof names it, as the browser would.
    const proof = await signProof(key, { htu: `http://localhost:4200${ApiPath.Me}`, accessToken: token });
    const replay = (on: Instance) => on.app.inject({ url: ApiPath.Me, headers: { authorization: `DPoP ${token}`, dpop: proof } });
    const outcome = async (on: Instance) => {
      const response = await replay(on);
      return response.statusCode === 200 ? 'accepted' : `${response.statusCode} ${response.json().reason}`;
    };
    const refused = `401 ${TokenRefusal.DpopReplay}`;
    assert.deepEqual(
      [await outcome(a), await outcome(a), await outcome(b), await outcome(b), await outcome(a)],
      ['accepted', refused, 'accepted', refused, refused],
    );
  });

  it('answers 503 database_unavailable with Retry-After while the database is down, not ready, still alive; recovers by itself, streams included', UNLESS_IT_HANGS, async () => {
    const onB = await stream(b);
    await onB.until(ChatEventType.Ready);
    const acknowledged = expectStatus<ChatMessage>(await post(a.alice, 'acknowledged before the outage'), 201);
    await nextMessage(onB);

    await server.stop();
    for (const instance of [a, b]) {
      const refused = await post(instance.alice, 'while down');
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.json().error, ErrorCode.DatabaseUnavailable);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.equal((await instance.alice.get(ChatApiPath.Rooms)).statusCode, 503);
      assert.equal((await instance.app.inject({ url: ApiPath.Ready })).statusCode, 503);
      assert.equal((await instance.app.inject({ url: ApiPath.Health })).statusCode, 200);
    }
    const streamWhileDown = await openEventStream(`${a.origin}${ChatApiPath.Events}`, { token: await testbed.token('alice') });
    assert.equal(streamWhileDown.status, 503);
    streamWhileDown.close();

    await server.start();
    await waitUntilReady(a);
    await waitUntilReady(b);
    const key = randomUUID();
    const after = expectStatus<ChatMessage>(await post(a.alice, 'after the outage', key), 201);
    // Alice's own post: her stream on B gets it with its key, through B's listener, connected again.
    assert.deepEqual((await nextMessage(onB)).data, { ...after, idempotencyKey: key }, 'the stream opened before the outage is live again');
    const page = expectStatus<{ messages: ChatMessage[] }>(await b.alice.get(chatPath(ChatApiPath.RoomMessages, { roomId })), 200);
    assert.ok(page.messages.some((m) => m.id === acknowledged.id), 'nothing acknowledged is lost');
    onB.close();
  });

  it('keeps serving on B, live streams included, when A stops', UNLESS_IT_HANGS, async () => {
    const onB = await stream(b);
    const [ready] = await onB.until(ChatEventType.Ready);
    await a.app.close();
    const posted = expectStatus<ChatMessage>(await post(b.bob, 'A is gone'), 201);
    assert.deepEqual((await nextMessage(onB)).data, posted);
    const resumed = await stream(b, ready?.id);
    const events = await resumed.until(ChatEventType.Ready);
    assert.deepEqual(events.map((e) => e.type), [ChatEventType.MessageCreated, ChatEventType.Ready]);
    onB.close();
    resumed.close();
  });
});

describe('instances starting together on an empty PostgreSQL database', () => {
  let server: PostgresServer;
  before(async () => {
    server = await startPostgresServer();
  });
  after(() => server.remove());

  it('brings every instance up, the schema migrated once (one migrates, the others wait for its lock)', UNLESS_IT_HANGS, async () => {
    const testbed = await createChatTestbed(await createPostgresTestDatabase(server.url));
    try {
      const instances = await Promise.all([testbed.build(), testbed.build(), testbed.build()]);
      for (const app of instances) assert.equal((await app.inject({ url: ApiPath.Ready })).statusCode, 200);
      const applied = await testbed.database.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(applied.map((row) => row.version), POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await testbed.remove();
    }
  });
});

describe('an instance whose database stops answering (a network partition)', () => {
  let server: PostgresServer;
  let partition: Partition;
  let testbed: ChatTestbed;
  before(async () => {
    server = await startPostgresServer();
    partition = await startPartition(server.port);
    const database = await createPostgresTestDatabase(server.url);
    const throughPartition = new URL(database.url);
    throughPartition.port = String(partition.port);
    testbed = await createChatTestbed({ ...database, url: throughPartition.href });
  });
  after(async () => {
    await testbed.remove();
    await partition.close();
    await server.remove();
  });

  it('answers 503 within the pool timeouts rather than hang, and recovers, live stream included, once the network is back', UNLESS_IT_HANGS, async () => {
    const app = await testbed.build();
    const instance: Instance = { app, origin: `http://127.0.0.1:${await listenOnLoopback(app)}`, alice: callAs(app, testbed, 'alice'), bob: callAs(app, testbed, 'bob') };
    const room = await instance.alice.createRoom('partitioned');
    const live = await openEventStream(`${instance.origin}${ChatApiPath.Events}`, { token: await testbed.token('alice') });
    await live.until(ChatEventType.Ready);

    partition.cut();
    const postPath = chatPath(ChatApiPath.RoomMessages, { roomId: room.id });
    const refused = await instance.bob.send('POST', postPath, { body: 'into the void' }, { 'idempotency-key': randomUUID() });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().error, ErrorCode.DatabaseUnavailable);
    assert.equal((await app.inject({ url: ApiPath.Ready })).statusCode, 503);

    partition.heal();
    await waitUntilReady(instance);
    const posted = expectStatus<ChatMessage>(await instance.bob.send('POST', postPath, { body: 'back' }, { 'idempotency-key': randomUUID() }), 201);
    for (;;) {
      const event = await live.next();
      if (event === 'end') throw new Error('the stream ended');
      if (event.type === ChatEventType.MessageCreated) {
        assert.deepEqual(event.data, posted);
        break;
      }
    }
    live.close();
  });
});

interface Partition {
  readonly port: number;
  /** From now on, nothing goes through, either way: connections open, and hang. */
  cut(): void;
  /** Connections held during the cut are reset (as a stale connection is, later); new ones go through. */
  heal(): void;
  close(): Promise<void>;
}

/** A TCP relay to `targetPort` on loopback, that can stop relaying without closing anything. */
async function startPartition(targetPort: number): Promise<Partition> {
  let cut = false;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!cut) to.write(chunk);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as AddressInfo).port,
    cut: () => {
      cut = true;
    },
    heal: () => {
      cut = false;
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

async function waitUntilReady(instance: Instance): Promise<void> {
  for (;;) {
    if ((await instance.app.inject({ url: ApiPath.Ready })).statusCode === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
