import { TestBed } from '@angular/core/testing';
import { ChatApiPath, type ChatEvent } from '@app/contracts';
import { Session } from '../auth/session';
import { backoffDelayMs } from '../network/backoff';
import { ChatStream, FETCH, RECONNECT_BACKOFF } from './chat-stream';

interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** A `text/event-stream` answer that sends `text`, then ends (or stays open until the client goes). */
function sse(text: string, { end = true } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (end) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function setUp(answers: (() => Response | Promise<Response>)[], session: Partial<Record<keyof Session, unknown>> = {}) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> });
    const answer = answers.shift();
    if (answer === undefined) return new Promise<Response>(() => undefined);
    return answer();
  });
  const fakeSession = {
    accessToken: vi.fn().mockResolvedValueOnce('token-1').mockResolvedValue('token-2'),
    renewAfterRejection: vi.fn().mockResolvedValue('token-renewed'),
    endRejectedSession: vi.fn(),
    isSignedIn: () => true,
    ...session,
  };
  TestBed.configureTestingModule({ providers: [{ provide: Session, useValue: fakeSession }, { provide: FETCH, useValue: fetch }] });
  const stream = TestBed.inject(ChatStream);
  const events: ChatEvent[] = [];
  const stop = stream.listen((event) => events.push(event));
  return { stream, calls, events, session: fakeSession, stop };
}

describe('ChatStream', () => {
  it('opens the stream with the Authorization header (never a token in the URL) and is live at ready', async () => {
    const { stream, calls, events, stop } = setUp([() => sse('id: 4\nevent: ready\ndata: {}\n\n', { end: false })]);
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(calls[0]!.url).toBe(ChatApiPath.Events);
    expect(calls[0]!.headers['Authorization']).toBe('Bearer token-1');
    expect(calls[0]!.headers['Last-Event-ID']).toBeUndefined();
    expect(events).toEqual([{ id: '4', type: 'ready', data: {} }]);
    stop();
    expect(stream.status()).toBe('idle');
  });

  it('after token-expired, reconnects at once with a fresh token and the last event id', async () => {
    const message = { id: 'm1', roomId: 'r1', author: { sub: 'a', name: 'A' }, body: 'hi', createdAt: '2026-11-24T09:00:00.000Z', editedAt: null };
    const { calls, events, stop } = setUp([
      () => sse(`id: 4\nevent: ready\ndata: {}\n\nid: 5\nevent: message.created\ndata: ${JSON.stringify(message)}\n\nevent: token-expired\ndata: {}\n\n`),
      () => sse('id: 5\nevent: ready\ndata: {}\n\n', { end: false }),
    ]);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.headers['Authorization']).toBe('Bearer token-2');
    expect(calls[1]!.headers['Last-Event-ID']).toBe('5');
    await vi.waitFor(() => expect(events.map((event) => event.type)).toEqual(['ready', 'message.created', 'ready']));
    stop();
  });

  it('renews once on a 401 and tries again with the renewed token', async () => {
    const { stream, calls, session, stop } = setUp([() => new Response(null, { status: 401 }), () => sse('id: 1\nevent: ready\ndata: {}\n\n', { end: false })]);
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(session.renewAfterRejection).toHaveBeenCalledWith('token-1');
    expect(calls[1]!.headers['Authorization']).toBe('Bearer token-renewed');
    expect(session.endRejectedSession).not.toHaveBeenCalled();
    stop();
  });

  it('ends the session on a second 401, and asks no more', async () => {
    const { stream, calls, session } = setUp([() => new Response(null, { status: 401 }), () => new Response(null, { status: 401 })]);
    await vi.waitFor(() => expect(session.endRejectedSession).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(stream.status()).toBe('idle'));
    expect(calls).toHaveLength(2);
  });

  it('stops at a 403: the user lacks the chat role', async () => {
    const { stream, calls } = setUp([() => new Response(null, { status: 403 })]);
    await vi.waitFor(() => expect(stream.status()).toBe('refused'));
    expect(calls).toHaveLength(1);
  });

  it('after a network failure, waits, then resumes from the last event id (a reconnect can be asked for at once)', async () => {
    const { stream, calls, stop } = setUp([
      () => sse('id: 9\nevent: ready\ndata: {}\n\n'),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => sse('id: 9\nevent: ready\ndata: {}\n\n', { end: false }),
    ]);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    await vi.waitFor(() => expect(stream.status()).toBe('reconnecting'));
    expect(stream.retryAt()).not.toBeNull();
    stream.reconnectNow();
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(calls[2]!.headers['Last-Event-ID']).toBe('9');
    stop();
  });

  it('keeps one stream however many listen', async () => {
    const { stream, calls, stop } = setUp([() => sse('id: 1\nevent: ready\ndata: {}\n\n', { end: false })]);
    const stopSecond = stream.listen(() => undefined);
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(calls).toHaveLength(1);
    stop();
    expect(stream.status()).toBe('live');
    stopSecond();
    expect(stream.status()).toBe('idle');
  });
});

describe('RECONNECT_BACKOFF', () => {
  it('backs off 1, 2, 4, 8 s, then stays at 15 s, less up to a fifth of jitter', () => {
    expect([1, 2, 3, 4, 5, 9].map((failures) => backoffDelayMs(failures, RECONNECT_BACKOFF, 0))).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect(backoffDelayMs(1, RECONNECT_BACKOFF, 1)).toBe(800);
  });
});
