import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
  });

  it('reads an HTTP date as the seconds left until it', () => {
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:45 GMT', now)).toBe(45);
  });

  it('gives nothing for no header or one it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
