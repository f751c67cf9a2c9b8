import { backoffDelayMs } from '../network/backoff';
import { IDP_RETRY_BACKOFF, expiryOf, renewalTimeOf } from './clock';

describe('session clock', () => {
  it('counts expiry from when the answer arrived, on this device’s clock (expires_in is a duration)', () => {
    expect(expiryOf(20, 1_000_000)).toBe(1_020_000);
  });

  it('treats a token without expires_in as never expiring, and never renews it', () => {
    expect(expiryOf(undefined, 1_000)).toBe(Number.POSITIVE_INFINITY);
    expect(renewalTimeOf(1_000, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('renews a 5-minute token 30 s before it expires', () => {
    expect(renewalTimeOf(0, 300_000)).toBe(270_000);
  });

  it('renews a short-lived token when a quarter of its life is left, so it is not renewed at once', () => {
    expect(renewalTimeOf(0, 20_000)).toBe(15_000);
  });

  it('waits longer after each failed attempt to reach the IdP, up to 15 s', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, IDP_RETRY_BACKOFF))).toEqual([2_000, 4_000, 8_000, 15_000, 15_000]);
  });
});
