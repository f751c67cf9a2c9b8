import { TestBed } from '@angular/core/testing';
import type { ChatMessage } from '@app/contracts';
import { ChatApi } from './chat-api';
import { ChatOutbox } from './chat-outbox';

describe('ChatOutbox', () => {
  /** The posts sent so far, each answered when the test says. */
  let posts: { key: string; body: string; answer: (message: ChatMessage) => void }[];
  let outbox: ChatOutbox;

  function made(id: string, body: string): ChatMessage {
    return { id, roomId: 'r1', author: { sub: 'alice', name: 'Alice' }, body, createdAt: '2030-01-01T09:00:00.000Z', editedAt: null };
  }

  beforeEach(() => {
    posts = [];
    const api = {
      postMessage: (_roomId: string, body: string, key: string) => new Promise<ChatMessage>((answer) => posts.push({ key, body, answer })),
    };
    TestBed.configureTestingModule({ providers: [ChatOutbox, { provide: ChatApi, useValue: api }] });
    outbox = TestBed.inject(ChatOutbox);
  });

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
});
