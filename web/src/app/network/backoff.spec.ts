import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles the wait after each failure, up to the cap', () => {
    const backoff = { firstMs: 1_000, maxMs: 15_000 };
    expect([1, 2, 3, 4, 5, 9].map((attempt) => backoffDelayMs(attempt, backoff))).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  });

  it('takes off at most the jitter’s share of the wait, at random', () => {
    const backoff = { firstMs: 1_000, maxMs: 15_000, jitter: 0.2 };
    expect(backoffDelayMs(1, backoff, 0)).toBe(1_000);
    expect(backoffDelayMs(1, backoff, 1)).toBe(800);
    expect(backoffDelayMs(5, backoff, 0.5)).toBe(13_500);
  });

  it('adds no jitter unless asked, whatever the random draw', () => {
    expect(backoffDelayMs(2, { firstMs: 2_000, maxMs: 15_000 }, 1)).toBe(4_000);
  });
});
