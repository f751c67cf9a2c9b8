import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import type { CreatedMessage } from '@app/contracts';
import { describeApiFailure, type ApiFailure } from './api-failure';
import {
  discardMessage,
  dueForRetry,
  messageSent,
  nextRetryAt,
  noteEcho,
  outgoingIn,
  queueMessage,
  retryMessage,
  retryUnreachableNow,
  sendFailed,
  type Outbox,
} from './outbox';

const NOW = 1_000_000;
const unreachable = describeApiFailure(new HttpErrorResponse({ status: 0 }));
const tooFast = describeApiFailure(
  new HttpErrorResponse({
    status: 429,
    headers: new HttpHeaders({ 'Retry-After': '7' }),
    error: { error: 'too_many_requests', message: 'You are sending messages too fast' },
  }),
);
const refused = describeApiFailure(new HttpErrorResponse({ status: 400, error: { error: 'invalid_request', message: 'A message cannot be empty' } }));

function queued(key = 'k1', body = 'hello'): Outbox {
  return queueMessage([], { key, roomId: 'r1', body }, NOW);
}

/** The live event of a post, as the API sends it to its author: with the post's key. */
function echo(id: string, idempotencyKey: string | null = 'k1', body = 'hello'): CreatedMessage {
  const message = { id, roomId: 'r1', author: { sub: 'alice', name: 'Alice' }, body, createdAt: new Date(NOW).toISOString(), editedAt: null };
  return idempotencyKey === null ? message : { ...message, idempotencyKey };
}

describe('describeApiFailure', () => {
  it('reads a 429 as rate-limited, with the Retry-After seconds', () => {
    expect(tooFast).toMatchObject({ kind: 'rate-limited', retryAfterS: 7, status: 429 });
  });

  it('says the wait a limit asks for, in the unit a person reads (a room limit waits hours)', () => {
    expect(tooFast.message).toBe('Too many requests: try again in 7 secs.');
    const rooms = describeApiFailure(
      new HttpErrorResponse({ status: 429, headers: new HttpHeaders({ 'Retry-After': '7200' }), error: { error: 'too_many_requests', message: 'You have reached the limit' } }),
    );
    expect(rooms.message).toBe('Too many requests: try again in 2 hrs.');
  });

  it('words a refusal in the app’s own words for its code, never in the API’s (English, for developers)', () => {
    expect(refused).toMatchObject({ kind: 'refused', message: 'The server found the request invalid.', code: 'invalid_request' });
  });

  it('words a failure with no code by its status', () => {
    expect(describeApiFailure(new HttpErrorResponse({ status: 502 })).message).toBe('The server could not answer (HTTP 502).');
    expect(unreachable.message).toBe('The server cannot be reached.');
  });

  it('reads no answer at all as unreachable', () => {
    expect(unreachable.kind).toBe('unreachable');
  });
});

describe('outbox (optimistic send)', () => {
  it('shows a message as sending at once, and drops it once the post answered', () => {
    const outbox = queued();
    expect(outgoingIn(outbox, 'r1').map((m) => m.status.kind)).toEqual(['sending']);
    expect(messageSent(outbox, 'k1')).toEqual([]);
  });

  it('keeps a message that failed, marked failed, with its text and its key; a retry sends the same key', () => {
    let outbox = sendFailed(queued(), 'k1', unreachable, NOW);
    expect(outbox[0]).toMatchObject({ key: 'k1', body: 'hello', status: { kind: 'failed' } });
    outbox = retryMessage(outbox, 'k1');
    expect(outbox[0]).toMatchObject({ key: 'k1', body: 'hello', attempts: 2, status: { kind: 'sending' } });
  });

  it('retries by itself after a network failure, later each time', () => {
    let outbox = sendFailed(queued(), 'k1', unreachable, NOW);
    const first = nextRetryAt(outbox)!;
    expect(first).toBeGreaterThan(NOW);
    expect(dueForRetry(outbox, first).map((m) => m.key)).toEqual(['k1']);
    outbox = sendFailed(retryMessage(outbox, 'k1'), 'k1', unreachable, NOW);
    expect(nextRetryAt(outbox)! - NOW).toBeGreaterThan(first - NOW);
  });

  it('waits out a 429’s Retry-After before trying again, even when the server is back', () => {
    let outbox = sendFailed(queued(), 'k1', tooFast, NOW);
    expect(nextRetryAt(outbox)).toBe(NOW + 7_000);
    expect(dueForRetry(outbox, NOW + 6_999)).toEqual([]);
    outbox = retryUnreachableNow(outbox, NOW + 1);
    expect(nextRetryAt(outbox)).toBe(NOW + 7_000);
  });

  it('tries a message that failed for want of the server at once when the server is back', () => {
    const outbox = retryUnreachableNow(sendFailed(queued(), 'k1', unreachable, NOW), NOW + 10);
    expect(dueForRetry(outbox, NOW + 10).map((m) => m.key)).toEqual(['k1']);
  });

  it('does not retry a refused message by itself; the user retries or discards it', () => {
    const outbox = sendFailed(queued(), 'k1', refused, NOW);
    expect(nextRetryAt(outbox)).toBeNull();
    expect(discardMessage(outbox, 'k1')).toEqual([]);
  });

  it('never discards a message still being sent', () => {
    expect(discardMessage(queued(), 'k1')).toHaveLength(1);
  });

  it('hides a post whose message the live stream showed first, so it shows once', () => {
    const outbox = noteEcho(queued(), echo('m1'));
    expect(outgoingIn(outbox, 'r1')).toEqual([]);
    expect(outbox[0]!.echoedAs).toBe('m1');
  });

  it('matches an echo to the post whose Idempotency-Key it carries, never by its text: two equal messages stay two', () => {
    let outbox: Outbox = [...queued('k1', 'same'), ...queueMessage([], { key: 'k2', roomId: 'r1', body: 'same' }, NOW)];
    outbox = noteEcho(outbox, echo('m0', null, 'same'));
    outbox = noteEcho(outbox, echo('m9', 'k-of-another-post', 'same'));
    expect(outgoingIn(outbox, 'r1')).toHaveLength(2);
    outbox = noteEcho(outbox, echo('m2', 'k2', 'same'));
    outbox = noteEcho(outbox, echo('m2', 'k2', 'same'));
    expect(outgoingIn(outbox, 'r1').map((m) => m.key)).toEqual(['k1']);
    expect(outbox.find((m) => m.key === 'k2')?.echoedAs).toBe('m2');
  });

  it('leaves a post whose echo came without its key (read on another instance before the event\'s notification came) to its own answer, which removes it', () => {
    let outbox = noteEcho(queued(), echo('m1', null));
    expect(outgoingIn(outbox, 'r1').map((m) => m.key)).toEqual(['k1']);
    outbox = messageSent(outbox, 'k1');
    expect(outbox).toEqual([]);
  });

  it('keeps an echoed post hidden when its answer was lost, but shows it again when it was refused', () => {
    const echoed = noteEcho(queued(), echo('m1'));
    expect(outgoingIn(sendFailed(echoed, 'k1', unreachable, NOW), 'r1')).toEqual([]);
    expect(outgoingIn(sendFailed(echoed, 'k1', tooFast as ApiFailure, NOW), 'r1')).toHaveLength(1);
  });
});
