import { safeReturnUrl } from './return-url';

const origin = 'https://app.example.com';

describe('safeReturnUrl', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeReturnUrl('/analytics?range=7d#top', origin)).toBe('/analytics?range=7d#top');
  });

  it('refuses an absolute URL on another origin (open redirect)', () => {
    expect(safeReturnUrl('https://evil.example/phish', origin)).toBeNull();
  });

  it('refuses a protocol-relative URL that leaves the origin', () => {
    expect(safeReturnUrl('//evil.example/phish', origin)).toBeNull();
  });

  it('refuses a backslash trick that browsers read as another host', () => {
    expect(safeReturnUrl('/\\evil.example', origin)).toBeNull();
  });

  it('refuses a path that normalises into a protocol-relative URL (/.//evil.example becomes //evil.example)', () => {
    expect(safeReturnUrl('/.//evil.example', origin)).toBeNull();
    expect(safeReturnUrl('/./..//evil.example/x?y#z', origin)).toBeNull();
    expect(safeReturnUrl('/%2e//evil.example', origin)).toBeNull();
  });

  it('keeps a path whose dot segments normalise within the app', () => {
    expect(safeReturnUrl('/chat/../analytics?range=7d', origin)).toBe('/analytics?range=7d');
  });

  it('refuses a look-alike origin that only shares a prefix', () => {
    expect(safeReturnUrl('https://app.example.com.evil.example/', origin)).toBeNull();
  });

  it('refuses a javascript: URL', () => {
    expect(safeReturnUrl('javascript:alert(1)', origin)).toBeNull();
  });

  it('refuses the sign-in routes themselves, which would loop', () => {
    expect(safeReturnUrl('/auth/callback?code=x&state=y', origin)).toBeNull();
    expect(safeReturnUrl('/auth/sign-in', origin)).toBeNull();
  });

  it('treats the home page and empty values as "no preference"', () => {
    expect(safeReturnUrl('/', origin)).toBeNull();
    expect(safeReturnUrl('', origin)).toBeNull();
    expect(safeReturnUrl(null, origin)).toBeNull();
  });
});
