import { TestBed } from '@angular/core/testing';
import type { ChatMessage } from '@app/contracts';
import { ChatApi } from './chat-api';
import { ChatOutbox } from './chat-outbox';
import { OutboxMemory, type KeptMessage } from './outbox-memory';
import type { Outbox } from './outbox';

describe('ChatOutbox', () => {
  /** The posts sent so far, each answered when the test says. */
  let posts: { key: string; body: string; answer: (message: ChatMessage) => void }[];
  let outbox: ChatOutbox;

  function made(id: string, body: string): ChatMessage {
    return { id, roomId: 'r1', author: { sub: 'alice', name: 'Alice' }, body, createdAt: '2030-01-01T09:00:00.000Z', editedAt: null };
  }

  /** A ChatOutbox whose posts wait for the test's answers; with `memory`, in place of this tab's storage. */
  function start(memory?: Pick<OutboxMemory, 'restore' | 'keep'>): void {
    posts = [];
    const api = {
      postMessage: (_roomId: string, body: string, key: string) => new Promise<ChatMessage>((answer) => posts.push({ key, body, answer })),
    };
    const providers = [ChatOutbox, { provide: ChatApi, useValue: api }, ...(memory === undefined ? [] : [{ provide: OutboxMemory, useValue: memory }])];
    TestBed.configureTestingModule({ providers });
    outbox = TestBed.inject(ChatOutbox);
  }

  beforeEach(() => start());

  it('tells two equal messages sent quickly apart by their keys: each echo hides its own post only', async () => {
    outbox.send('r1', 'same');
    outbox.send('r1', 'same');
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    const [first, second] = outbox.messages();
    expect(first!.key).not.toBe(second!.key);
    outbox.echoed({ ...made('m2', 'same'), idempotencyKey: second!.key });
    expect(outbox.in('r1').map((message) => message.key)).toEqual([first!.key]);
  });

  it('hands the message the API made to whoever follows the posts, and forgets the post', async () => {
    const posted: ChatMessage[] = [];
    outbox.onPosted((message) => posted.push(message));
    outbox.send('r1', '  hello\r\n');
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]!.body).toBe('  hello');
    posts[0]!.answer(made('m1', 'hello'));
    await vi.waitFor(() => expect(posted.map((message) => message.id)).toEqual(['m1']));
    expect(outbox.messages()).toEqual([]);
  });

  it('sends one post at a time, in order', async () => {
    outbox.send('r1', 'one');
    outbox.send('r1', 'two');
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    posts[0]!.answer(made('m1', 'one'));
    await vi.waitFor(() => expect(posts.map((post) => post.body)).toEqual(['one', 'two']));
  });

  describe('across a reload', () => {
    let kept: KeptMessage[];
    let keptNow: Outbox[];

    beforeEach(() => {
      kept = [{ key: 'k-kept', roomId: 'r1', body: 'typed before the reload' }];
      keptNow = [];
      TestBed.resetTestingModule();
      start({ restore: () => kept, keep: (outbox: Outbox) => void keptNow.push(outbox) });
    });

    it('posts again what a reload left unsent, with its own key, before anything new', async () => {
      outbox.send('r1', 'typed after');
      await vi.waitFor(() => expect(posts).toHaveLength(1));
      expect(posts[0]).toMatchObject({ key: 'k-kept', body: 'typed before the reload' });
      expect(outbox.in('r1').map((message) => message.body)).toEqual(['typed before the reload', 'typed after']);
      posts[0]!.answer(made('m1', 'typed before the reload'));
      await vi.waitFor(() => expect(posts.map((post) => post.body)).toEqual(['typed before the reload', 'typed after']));
    });

    it('keeps every change of the outbox for the next reload, down to nothing once all is sent', async () => {
      TestBed.tick();
      expect(keptNow.at(-1)?.map((message) => message.key)).toEqual(['k-kept']);
      await vi.waitFor(() => expect(posts).toHaveLength(1));
      posts[0]!.answer(made('m1', 'typed before the reload'));
      await vi.waitFor(() => {
        TestBed.tick();
        expect(keptNow.at(-1)).toEqual([]);
      });
    });
  });
});
