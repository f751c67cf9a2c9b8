import { isReachable } from './reachability';

describe('isReachable', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks without CORS, so an answer the browser would hide still counts', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    expect(await isReachable('https://idp.example.com/token')).toBe(true);
    expect(fetchSpy).toHaveBeenCalledWith('https://idp.example.com/token', expect.objectContaining({ mode: 'no-cors' }));
  });

  it('says no when nothing answers', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await isReachable('https://idp.example.com')).toBe(false);
  });
});
