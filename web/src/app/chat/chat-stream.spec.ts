import { HttpClient, provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ChatApiPath, type ChatEvent } from '@app/contracts';
import { firstValueFrom } from 'rxjs';
import { Session } from '../auth/session';
import { SessionEnd } from '../auth/session-end';
import { TokenRenewal } from '../auth/token-renewal';
import * as oauth from 'oauth4webapi';
import { DPOP_KEY_STORE } from '../auth/dpop-key';
import { SessionStore } from '../auth/session-store';
import { BOB, MemoryKeyStore, T0, flush, grant, setUpSessionTestbed, tearDownSessionTestbed, type SessionTestbed } from '../auth/testing/session-testbed';
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

/** A `fetch` that answers with `answers`, one per call, then never; it records each call. */
function fakeFetch(answers: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> });
    const answer = answers.shift();
    if (answer === undefined) return new Promise<Response>(() => undefined);
    return answer();
  });
  return { fetch, calls };
}

/**
 * The stream on the session's real token path (`TokenRenewal.withAccessToken`), whose own steps
 * are stubbed: the token (`token-1`, then `token-2`), the renewal after a 401 (`token-renewed`),
 * and ending the session (which signs the user out).
 */
function setUp(answers: (() => Response | Promise<Response>)[], { keyStore = new MemoryKeyStore(), dpopJkt }: { keyStore?: MemoryKeyStore; dpopJkt?: string } = {}) {
  const { fetch, calls } = fakeFetch(answers);
  let signedIn = true;
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideRouter([]),
      { provide: Session, useValue: { isSignedIn: () => signedIn } },
      { provide: FETCH, useValue: fetch },
      { provide: DPOP_KEY_STORE, useValue: keyStore },
    ],
  });
  const renewal = TestBed.inject(TokenRenewal);
  vi.spyOn(renewal, 'accessToken').mockResolvedValueOnce('token-1').mockResolvedValue('token-2');
  const session = {
    renewAfterRejection: vi.spyOn(renewal, 'renewAfterRejection').mockResolvedValue('token-renewed'),
    endRejectedSession: vi.spyOn(TestBed.inject(SessionEnd), 'endRejectedSession').mockImplementation(() => (signedIn = false)),
  };
  if (dpopJkt !== undefined) TestBed.inject(SessionStore).signedIn(grant('token-1', { dpopJkt }), BOB);
  const stream = TestBed.inject(ChatStream);
  const events: ChatEvent[] = [];
  const stop = stream.listen((event) => events.push(event));
  return { stream, calls, events, session, stop };
}

describe('ChatStream', () => {
  afterEach(() => vi.restoreAllMocks());

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

  it('opens the stream of a DPoP-bound session with the DPoP scheme and a proof for this URL, like any API request (RFC 9449 §7)', async () => {
    const keyStore = new MemoryKeyStore();
    const jkt = await oauth.DPoP({}, await keyStore.open()).calculateThumbprint();
    const { stream, calls, stop } = setUp([() => sse('id: 4\nevent: ready\ndata: {}\n\n', { end: false })], { keyStore, dpopJkt: jkt });
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(calls[0]!.headers['Authorization']).toBe('DPoP token-1');
    const proof = JSON.parse(atob(calls[0]!.headers['DPoP']!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect(proof).toMatchObject({ htm: 'GET', htu: `${location.origin}${ChatApiPath.Events}` });
    stop();
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

  it('ends the session on a second 401, with the API’s reason, and asks no more', async () => {
    const refusal = { error: 'invalid_token', message: 'The access token is not meant for this API', reason: 'audience' };
    const refused = () => new Response(JSON.stringify(refusal), { status: 401, headers: { 'content-type': 'application/json' } });
    const { stream, calls, session } = setUp([refused, refused]);
    await vi.waitFor(() => expect(session.endRejectedSession).toHaveBeenCalledTimes(1));
    expect(session.endRejectedSession).toHaveBeenCalledWith(expect.objectContaining({ status: 401, error: refusal }));
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

  it('at too-many-streams (a newer tab took its place), stops and waits for the user instead of reconnecting, then resumes when asked', async () => {
    const { stream, calls, events, stop } = setUp([
      () => sse('id: 7\nevent: ready\ndata: {}\n\nevent: too-many-streams\ndata: {"limit":5}\n\n'),
      () => sse('id: 7\nevent: ready\ndata: {}\n\n', { end: false }),
    ]);
    await vi.waitFor(() => expect(stream.status()).toBe('too-many-tabs'));
    expect(stream.tabLimit()).toBe(5);
    expect(stream.retryAt()).toBeNull();
    // Tabs taking turns closing each other would be a loop: nothing is tried until the user asks.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['ready']);
    stream.reconnectNow();
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(calls[1]!.headers['Last-Event-ID']).toBe('7');
    stop();
  });

  it('after a 429 too_many_streams, waits the Retry-After (not the shorter backoff) and says why', async () => {
    const tooMany = () =>
      new Response(JSON.stringify({ error: 'too_many_streams', message: 'Too many live chat connections' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
      });
    const { stream, calls, stop } = setUp([tooMany, () => sse('id: 1\nevent: ready\ndata: {}\n\n', { end: false })]);
    await vi.waitFor(() => expect(stream.retryAt()).not.toBeNull());
    expect(stream.waitingBecause()).toBe('too-many-streams');
    expect(stream.retryAt()! - Date.now()).toBeGreaterThan(29_000);
    expect(calls).toHaveLength(1);
    stream.reconnectNow();
    await vi.waitFor(() => expect(stream.status()).toBe('live'));
    expect(stream.waitingBecause()).toBeNull();
    stop();
  });

  it('after a 503 streams_full, waits the Retry-After and says the server is busy', async () => {
    const full = () => new Response(JSON.stringify({ error: 'streams_full', message: 'full' }), { status: 503, headers: { 'retry-after': '10' } });
    const { stream, stop } = setUp([full]);
    await vi.waitFor(() => expect(stream.waitingBecause()).toBe('server-full'));
    expect(stream.retryAt()! - Date.now()).toBeGreaterThan(9_000);
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

describe('ChatStream and the HTTP calls: one renewal path', () => {
  let t: SessionTestbed;
  let stream: ReturnType<typeof fakeFetch>;

  function setUpWith(answers: (() => Response | Promise<Response>)[]): void {
    stream = fakeFetch(answers);
    t = setUpSessionTestbed([{ provide: FETCH, useValue: stream.fetch }]);
  }

  afterEach(() => tearDownSessionTestbed(t));

  it('renews a token the API refused to the stream and to a call at once with one renewal, and both retry with it', async () => {
    setUpWith([() => new Response(null, { status: 401 }), () => sse('id: 1\nevent: ready\ndata: {}\n\n', { end: false })]);
    const { calls } = stream;
    await t.signInBob(grant('at-1'));
    const chat = TestBed.inject(ChatStream);
    const stop = chat.listen(() => undefined);
    const rooms = firstValueFrom(TestBed.inject(HttpClient).get('/api/chat/rooms'));
    await flush();
    t.backend.expectOne('/api/chat/rooms').flush(null, { status: 401, statusText: 'Unauthorized' });
    await flush();
    const retried = t.backend.expectOne('/api/chat/rooms');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer at-2');
    retried.flush({ rooms: [] });
    await rooms;
    await vi.waitFor(() => expect(chat.status()).toBe('live'));
    expect(calls.map((call) => call.headers['Authorization'])).toEqual(['Bearer at-1', 'Bearer at-2']);
    expect(t.keeper.refresh).toHaveBeenCalledTimes(1);
    stop();
  });

  it('renews the stream’s token when it is due before connecting, as for any call', async () => {
    setUpWith([() => sse('id: 1\nevent: ready\ndata: {}\n\n', { end: false })]);
    const { calls } = stream;
    await t.signInBob(grant('at-1'));
    vi.setSystemTime(T0 + 16_000);
    const stop = TestBed.inject(ChatStream).listen(() => undefined);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.headers['Authorization']).toBe('Bearer at-2');
    expect(t.session.user()).toEqual(BOB);
    stop();
  });
});
