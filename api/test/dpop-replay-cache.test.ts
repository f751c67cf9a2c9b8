/**
 * The replay memory of DPoP proofs (RFC 9449 §11.1), on its own, with a clock the test moves: it
 * forgets a proof only once its window has passed, and when full it refuses rather than forgets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplayCache } from '../src/auth/dpop/jti-replay-cache.ts';
import { ReplayCacheFullError } from '../src/auth/errors.ts';

function cacheWithClock(capacity: number, retentionMs = 120_000) {
  let now = 1_000;
  const cache = createReplayCache({ retentionMs, capacity, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('DPoP replay memory', () => {
  it('says a jti seen before is a replay, for as long as its proof could be accepted', () => {
    const { cache, advance } = cacheWithClock(10);
    assert.equal(cache.record('a'), true);
    advance(119_999);
    assert.equal(cache.record('a'), false);
  });

  it('forgets a jti once its window has passed (its proof is refused as too old by then), so the memory does not grow', () => {
    const { cache, advance } = cacheWithClock(10);
    cache.record('a');
    cache.record('b');
    advance(120_000);
    assert.equal(cache.record('c'), true);
    assert.equal(cache.size, 1);
  });

  it('never evicts an unexpired jti to make room: a flood of fresh proofs gets 503s, and the captured proof stays a replay', () => {
    const { cache, advance } = cacheWithClock(3);
    cache.record('captured');
    advance(1_000);
    cache.record('flood-1');
    cache.record('flood-2');
    for (let i = 3; i < 100; i++) {
      assert.throws(() => cache.record(`flood-${i}`), (error: unknown) => error instanceof ReplayCacheFullError && error.retryAfterSeconds === 119);
    }
    assert.equal(cache.record('captured'), false);
  });

  it('takes new proofs again as soon as the oldest entries expire', () => {
    const { cache, advance } = cacheWithClock(2);
    cache.record('a');
    advance(60_000);
    cache.record('b');
    assert.throws(() => cache.record('c'), ReplayCacheFullError);
    advance(60_000);
    assert.equal(cache.record('c'), true);
    assert.equal(cache.record('b'), false);
  });
});
