import type { IdpFailure } from './idp-failure';
import { ISSUER, as, idpKeys, json, redemption } from './testing/idp-fixtures';
import { KeeperFailure, TokenKeeper, serveTokenKeeper } from './token-keeper';
import type { KeeperReply } from './token-keeper-protocol';

interface SentRequest {
  readonly url: string;
  readonly body: URLSearchParams;
}

describe('TokenKeeper (the token worker)', () => {
  let keys: Awaited<ReturnType<typeof idpKeys>>;
  let keeper: TokenKeeper;
  let sent: SentRequest[];
  /** What the token endpoint answers to a refresh; by default a rotated refresh token. */
  let answerRefresh: (refreshToken: string) => Response | Promise<Response>;

  beforeAll(async () => {
    keys = await idpKeys();
  });

  beforeEach(() => {
    sent = [];
    let rotation = 1;
    answerRefresh = () => json({ access_token: `at-${rotation + 1}`, token_type: 'Bearer', expires_in: 20, refresh_token: `rt-${++rotation}` });
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      const body = new URLSearchParams(init?.body as URLSearchParams | undefined);
      sent.push({ url, body });
      if (url === as.jwks_uri) return json(keys.jwks);
      if (url === as.revocation_endpoint) return new Response(null, { status: 200 });
      if (url === as.token_endpoint && body.get('grant_type') === 'authorization_code') {
        return json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 20, refresh_token: 'rt-1', id_token: await keys.idToken() });
      }
      if (url === as.token_endpoint && body.get('grant_type') === 'refresh_token') return answerRefresh(body.get('refresh_token')!);
      throw new TypeError('Failed to fetch');
    });
    keeper = new TokenKeeper();
  });

  afterEach(() => vi.restoreAllMocks());

  const tokenRequests = () => sent.filter((request) => request.url === as.token_endpoint);

  it('redeems the code with the attempt’s PKCE verifier and hands back the access and ID tokens, never the refresh token', async () => {
    const grant = await keeper.redeem(redemption);
    const [request] = tokenRequests();
    expect(request!.body.get('code')).toBe('the-code');
    expect(request!.body.get('code_verifier')).toBe('the-verifier');
    expect(grant.accessToken).toBe('at-1');
    expect(grant.idToken).toMatch(/^ey/);
    expect(grant.holdsRefreshToken).toBe(true);
    expect(JSON.stringify(grant)).not.toContain('rt-1');
  });

  it('refuses an ID token whose nonce is not the attempt’s (replay), keeping no refresh token', async () => {
    await expect(keeper.redeem({ ...redemption, expectedNonce: 'another' })).rejects.toThrow(/nonce/);
    await expect(keeper.refresh()).rejects.toEqual(new KeeperFailure({ kind: 'no_refresh_token' }));
  });

  it('refreshes with the refresh token it holds, and keeps the rotated one for the next time', async () => {
    await keeper.redeem(redemption);
    const first = await keeper.refresh();
    const second = await keeper.refresh();
    expect(refreshTokensSent()).toEqual(['rt-1', 'rt-2']);
    expect([first.accessToken, second.accessToken]).toEqual(['at-2', 'at-3']);
    expect(JSON.stringify([first, second])).not.toMatch(/rt-\d/);
  });

  it('sends one refresh for calls made while one is under way (a rotated token is never sent twice)', async () => {
    await keeper.redeem(redemption);
    const [a, b] = await Promise.all([keeper.refresh(), keeper.refresh()]);
    expect(refreshTokensSent()).toEqual(['rt-1']);
    expect(a).toEqual(b);
  });

  it('keeps the old refresh token when the IdP does not rotate (RFC 6749 §6)', async () => {
    await keeper.redeem(redemption);
    answerRefresh = () => json({ access_token: 'at-x', token_type: 'Bearer', expires_in: 20 });
    await keeper.refresh();
    await keeper.refresh();
    expect(refreshTokensSent()).toEqual(['rt-1', 'rt-1']);
  });

  it('forgets a refresh token the IdP refused with invalid_grant', async () => {
    await keeper.redeem(redemption);
    answerRefresh = () => json({ error: 'invalid_grant', error_description: 'grant request is invalid' }, 400);
    await expect(keeper.refresh()).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(keeper.refresh()).rejects.toEqual(new KeeperFailure({ kind: 'no_refresh_token' }));
    expect(refreshTokensSent()).toEqual(['rt-1']);
  });

  it('revokes the refresh token (RFC 7009) with its type hint, then has none', async () => {
    await keeper.redeem(redemption);
    await keeper.revoke();
    const revocation = sent.find((request) => request.url === as.revocation_endpoint)!;
    expect(revocation.body.get('token')).toBe('rt-1');
    expect(revocation.body.get('token_type_hint')).toBe('refresh_token');
    await expect(keeper.refresh()).rejects.toEqual(new KeeperFailure({ kind: 'no_refresh_token' }));
  });

  it('revokes the refresh token a refresh under way brings, not the one it replaces', async () => {
    await keeper.redeem(redemption);
    const refreshing = keeper.refresh();
    await keeper.revoke();
    await refreshing;
    const revoked = sent.filter((request) => request.url === as.revocation_endpoint).map((request) => request.body.get('token'));
    expect(revoked).toEqual(['rt-2']);
    await expect(keeper.refresh()).rejects.toEqual(new KeeperFailure({ kind: 'no_refresh_token' }));
  });

  it('refuses to be pointed at another IdP once it signed in: the refresh token goes to its own IdP only', async () => {
    await keeper.redeem(redemption);
    const elsewhere = { ...as, token_endpoint: 'https://evil.example/token' };
    await expect(keeper.redeem({ ...redemption, idp: { as: elsewhere, clientId: 'web' } })).rejects.toEqual(new KeeperFailure({ kind: 'other_idp' }));
    expect(sent.filter((request) => request.url === elsewhere.token_endpoint)).toEqual([]);
    await expect(keeper.redeem(redemption)).resolves.toMatchObject({ accessToken: 'at-1' });
  });

  it('checks the callback itself before any token request: another issuer’s answer is refused (mix-up, RFC 9207)', async () => {
    const mixedUp = { ...redemption, callbackUrl: redemption.callbackUrl.replace(encodeURIComponent(ISSUER), encodeURIComponent('https://evil.example')) };
    await expect(keeper.redeem(mixedUp)).rejects.toThrow(/"iss"/);
    expect(tokenRequests()).toEqual([]);
  });

  function refreshTokensSent(): (string | null)[] {
    return tokenRequests().filter((r) => r.body.get('grant_type') === 'refresh_token').map((r) => r.body.get('refresh_token'));
  }
});

describe('serveTokenKeeper: the worker’s message port', () => {
  let channel: MessageChannel;
  let replies: KeeperReply[];

  beforeEach(() => {
    channel = new MessageChannel();
    replies = [];
    serveTokenKeeper(channel.port2, new TokenKeeper());
    channel.port1.addEventListener('message', (event) => replies.push(event.data as KeeperReply));
    channel.port1.start();
    channel.port2.start();
  });

  afterEach(() => {
    channel.port1.close();
    vi.restoreAllMocks();
  });

  async function ask(request: object): Promise<KeeperReply> {
    const count = replies.length;
    channel.port1.postMessage(request);
    await vi.waitFor(() => expect(replies.length).toBeGreaterThan(count));
    return replies.at(-1)!;
  }

  it('answers each request under its id, and describes a failure as plain data', async () => {
    expect(await ask({ id: 7, op: 'revoke' })).toEqual({ id: 7, ok: true, value: null });
    expect(await ask({ id: 8, op: 'refresh' })).toEqual({ id: 8, ok: false, failure: { kind: 'no_refresh_token' } });
  });

  it('describes the IdP’s error answer in the callback as an authorization error, sending no token request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const denied = { ...redemption, callbackUrl: `https://app.example.com/auth/callback?error=access_denied&state=s1&iss=${encodeURIComponent(ISSUER)}` };
    expect(await ask({ id: 9, op: 'redeem', redemption: denied })).toEqual({
      id: 9,
      ok: false,
      failure: { kind: 'authorization_error', error: 'access_denied', description: undefined },
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('tells a CORS refusal from an IdP that is down: only the first answers a no-cors request', async () => {
    const failureWhen = async (answers: boolean): Promise<IdpFailure | undefined> => {
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
        if (init?.mode === 'no-cors' && answers) return new Response(null, { status: 200 });
        throw new TypeError('Failed to fetch');
      });
      const reply = await ask({ id: 2, op: 'redeem', redemption });
      return reply.ok ? undefined : reply.failure;
    };
    expect(await failureWhen(true)).toEqual({ kind: 'cors', idpOrigin: ISSUER });
    expect(await failureWhen(false)).toEqual({ kind: 'unreachable', idpOrigin: ISSUER });
  });

  it('ignores messages that are not requests', async () => {
    channel.port1.postMessage('hello');
    channel.port1.postMessage({ op: 'refresh' });
    expect(await ask({ id: 3, op: 'revoke' })).toEqual({ id: 3, ok: true, value: null });
    expect(replies).toHaveLength(1);
  });
});
