import * as oauth from 'oauth4webapi';
import { as, idpKeys, json, redemption } from './testing/idp-fixtures';
import { TokenKeeper } from './token-keeper';

describe('TokenKeeper with a DPoP key (RFC 9449)', () => {
  let keys: Awaited<ReturnType<typeof idpKeys>>;
  let dpopKeyPair: CryptoKeyPair;
  let jkt: string;
  let proofs: { grantType: string | null; proof: Record<string, unknown> | undefined }[];
  /** The IdP wants its nonce (as Okta does) and binds tokens when the proof carries it; `bindTokens` false: an IdP without DPoP. */
  let bindTokens: boolean;

  /** The IdP's metadata as a new object: oauth4webapi caches a JWKS per metadata object, and this IdP signs with other keys. */
  const signIn = () => ({ ...redemption, idp: { as: { ...as }, clientId: 'web' } });
  const claimsOf = (jwt: string) => JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;

  beforeAll(async () => {
    keys = await idpKeys();
    dpopKeyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    jkt = await oauth.DPoP({}, dpopKeyPair).calculateThumbprint();
  });

  beforeEach(() => {
    proofs = [];
    bindTokens = true;
    let rotation = 1;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      if (url === as.jwks_uri) return json(keys.jwks);
      const body = new URLSearchParams(init?.body as URLSearchParams | undefined);
      const dpop = (init?.headers as Record<string, string> | undefined)?.['dpop'];
      const proof = dpop === undefined ? undefined : claimsOf(dpop);
      proofs.push({ grantType: body.get('grant_type'), proof });
      if (url !== as.token_endpoint) return new Response(null, { status: 200 });
      if (bindTokens && proof?.['nonce'] !== 'idp-nonce-1') {
        return new Response(JSON.stringify({ error: 'use_dpop_nonce' }), { status: 400, headers: { 'content-type': 'application/json', 'dpop-nonce': 'idp-nonce-1' } });
      }
      const tokenType = bindTokens ? 'DPoP' : 'Bearer';
      if (body.get('grant_type') === 'authorization_code') {
        return json({ access_token: 'at-1', token_type: tokenType, expires_in: 20, refresh_token: 'rt-1', id_token: await keys.idToken() });
      }
      return json({ access_token: `at-${++rotation}`, token_type: tokenType, expires_in: 20, refresh_token: `rt-${rotation}` });
    });
  });

  afterEach(() => vi.restoreAllMocks());

  it('signs the code exchange with the sign-in\'s key, retries once with the IdP\'s nonce, and says the tokens are bound to it', async () => {
    const grant = await new TokenKeeper().redeem({ ...signIn(), dpopKeyPair });
    expect(proofs.map(({ grantType, proof }) => [grantType, proof?.['htm'], proof?.['htu'], proof?.['nonce']])).toEqual([
      ['authorization_code', 'POST', as.token_endpoint, undefined],
      ['authorization_code', 'POST', as.token_endpoint, 'idp-nonce-1'],
    ]);
    expect(grant.dpopJkt).toBe(jkt);
  });

  it('refreshes with a proof of the same key and the nonce it keeps (a bound refresh token is useless without the key)', async () => {
    const keeper = new TokenKeeper();
    await keeper.redeem({ ...signIn(), dpopKeyPair });
    const renewed = await keeper.refresh();
    const refreshes = proofs.filter(({ grantType }) => grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.proof?.['nonce']).toBe('idp-nonce-1');
    expect(renewed.dpopJkt).toBe(jkt);
  });

  it('takes an IdP without DPoP as it is: it ignores the proof, and the grant says the tokens are bearer tokens', async () => {
    bindTokens = false;
    const grant = await new TokenKeeper().redeem({ ...signIn(), dpopKeyPair });
    expect(grant.dpopJkt).toBeUndefined();
  });

  it('sends no proof without a key (the app asks for bearer tokens)', async () => {
    bindTokens = false;
    await new TokenKeeper().redeem(signIn());
    expect(proofs.filter(({ grantType }) => grantType !== null).map(({ proof }) => proof)).toEqual([undefined]);
  });
});
