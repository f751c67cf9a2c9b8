/**
 * DPoP-bound access tokens (RFC 9449 §4.3, §7): one test per check of the proof and of the way a
 * token is sent, each named for the attack it stops, against real ES256 tokens and proofs over
 * HTTP. `OIDC_DPOP` is `allowed` (the default) unless a test says otherwise.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatApiPath, ChatEventType, ErrorCode, TokenRefusal } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { DPOP_ALGORITHMS, MAX_JTI_LENGTH } from '../src/auth/dpop/dpop-proof-rules.ts';
import { bearerChallenge, buildTestApp, listenOnLoopback, temporaryDirectory } from './fixtures/app.ts';
import { openEventStream } from './fixtures/event-stream-client.ts';
import { createDpopKey, signProof, unsignedProof, type DpopKey, type ProofOptions } from './fixtures/dpop.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { nowSeconds, signAccessToken } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';
/** `APP_ORIGIN` of the test apps: every `htu` names it. */
const ORIGIN = 'http://localhost:4200';
const ME = `${ORIGIN}/api/me`;

interface Sent {
  readonly authorization: string;
  readonly proofs?: readonly string[];
  readonly method?: 'GET' | 'POST';
  readonly url?: string;
  readonly host?: string;
}

describe('DPoP-bound access tokens', () => {
  let idpKey: SigningKey;
  let client: DpopKey;
  let thief: DpopKey;
  let jwksFile: string;
  let removeDir: () => Promise<void>;
  const apps: FastifyInstance[] = [];

  before(async () => {
    idpKey = await createSigningKey('idp-key-1');
    client = await createDpopKey();
    thief = await createDpopKey();
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(idpKey));
  });
  after(async () => {
    for (const app of apps) await app.close();
    await removeDir();
  });

  async function appWith(env: Record<string, string> = {}, dpopReplayCapacity?: number): Promise<FastifyInstance> {
    const app = await buildTestApp(
      { OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, ...env },
      dpopReplayCapacity === undefined ? {} : { dpopReplayCapacity },
    );
    apps.push(app);
    return app;
  }

  /** An access token the IdP bound to `key` (`cnf.jkt`), for alice (role chat). */
  const boundToken = (key: DpopKey = client): Promise<string> => signAccessToken(idpKey, { issuer: ISSUER, claims: { cnf: { jkt: key.jkt } } });
  const bearerToken = (): Promise<string> => signAccessToken(idpKey, { issuer: ISSUER });
  /** A proof for GET /api/me with `token`, as the SPA makes it, changed by `options`. */
  const proofFor = (token: string, options: Partial<ProofOptions> = {}, key: DpopKey = client): Promise<string> =>
    signProof(key, { htu: ME, accessToken: token, ...options });

  function send(app: FastifyInstance, { authorization, proofs = [], method = 'GET', url = '/api/me', host }: Sent) {
    return app.inject({
      method,
      url,
      headers: { authorization, ...(proofs.length === 0 ? {} : { dpop: [...proofs] }), ...(host === undefined ? {} : { host }) },
      ...(method === 'POST' ? { payload: {} } : {}),
    });
  }

  /** Asserts a 401 with `error` in the body and the challenge, `reason`, and a message naming the rule. */
  async function assertRefused(app: FastifyInstance, sent: Sent, error: ErrorCode, reason: TokenRefusal, message?: RegExp): Promise<void> {
    const response = await send(app, sent);
    assert.equal(response.statusCode, 401, response.body);
    assert.equal(response.json().error, error);
    assert.equal(response.json().reason, reason);
    if (message !== undefined) assert.match(response.json().message, message);
    assert.match(String(response.headers['www-authenticate']), new RegExp(`error="${error}"`));
    assert.equal(response.headers['cache-control'], 'no-store');
  }

  describe('OIDC_DPOP=allowed', () => {
    let app: FastifyInstance;
    before(async () => {
      app = await appWith();
    });

    const refusedProof = async (sent: Sent, message: RegExp) => assertRefused(app, sent, ErrorCode.InvalidDpopProof, TokenRefusal.DpopProof, message);

    it('accepts a DPoP-bound token with a proof of its key, under the DPoP scheme', async () => {
      const token = await boundToken();
      const response = await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().sub, 'alice');
    });

    it('still accepts a bearer token (an IdP without DPoP)', async () => {
      assert.equal((await send(app, { authorization: `Bearer ${await bearerToken()}` })).statusCode, 200);
    });

    it('refuses a DPoP-bound token sent as Bearer (a copied token replayed without the key)', async () => {
      await assertRefused(app, { authorization: `Bearer ${await boundToken()}` }, ErrorCode.InvalidToken, TokenRefusal.SenderConstrained);
    });

    it('refuses a DPoP-bound token sent without a proof (a copied token replayed without the key)', async () => {
      await refusedProof({ authorization: `DPoP ${await boundToken()}` }, /needs a DPoP proof/);
    });

    it('refuses a DPoP-bound token with a proof signed by another key (the thief signs with a key of their own)', async () => {
      const token = await boundToken();
      await assertRefused(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token, {}, thief)] }, ErrorCode.InvalidToken, TokenRefusal.DpopBinding, /bound to another key/);
    });

    it('refuses a bearer token sent under the DPoP scheme with a proof (passing an unbound token off as bound)', async () => {
      const token = await bearerToken();
      await assertRefused(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] }, ErrorCode.InvalidToken, TokenRefusal.DpopBinding, /not bound to a key/);
    });

    it('refuses a proof used a second time (a request captured with its proof and replayed)', async () => {
      const token = await boundToken();
      const sent = { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] };
      assert.equal((await send(app, sent)).statusCode, 200);
      await assertRefused(app, sent, ErrorCode.InvalidDpopProof, TokenRefusal.DpopReplay);
    });

    it('refuses a proof made for another HTTP method (a GET proof replayed on a POST)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { htm: 'GET', htu: `${ORIGIN}/api/chat/rooms` })], method: 'POST', url: '/api/chat/rooms' }, /HTTP method \(htm\)/);
    });

    it('refuses a proof made for another URL (a proof for one resource replayed on another)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { htu: `${ORIGIN}/api/chat/rooms` })] }, /another URL \(htu\)/);
    });

    it('refuses a proof made for another origin, even with a Host header naming it (htu checked against APP_ORIGIN, never Host)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { htu: 'http://evil.example/api/me' })], host: 'evil.example' }, /another URL \(htu\)/);
    });

    it('ignores the query string in htu, as RFC 9449 says', async () => {
      const token = await boundToken();
      const response = await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token, { htu: ME })], url: '/api/me?view=full' });
      assert.equal(response.statusCode, 200, response.body);
    });

    it('refuses an old proof (one found in a log or a proxy long after)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { claims: { iat: nowSeconds() - 300 } })] }, /too old/);
    });

    it('refuses a proof dated in the future (made ahead of time to be used later)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { claims: { iat: nowSeconds() + 300 } })] }, /in the future/);
    });

    it('refuses a proof without ath (a proof not tied to any token)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { claims: { ath: undefined } })] }, /access token \(ath\)/);
    });

    it('refuses a proof whose ath is another token\'s (a proof captured with one token sent with another)', async () => {
      const token = await boundToken();
      const other = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(other)] }, /access token \(ath\)/);
    });

    it('refuses an unsigned proof, alg none (forging a proof without any key)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [unsignedProof(client, ME, token)] }, /algorithm is not allowed/);
    });

    it('refuses a proof MACed with HS256 (a symmetric "proof" anyone holding it could make)', async () => {
      const token = await boundToken();
      const secret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { header: { alg: 'HS256' }, signWith: secret as never })] }, /algorithm is not allowed/);
    });

    it('refuses a proof whose jwk is a private key (a key its holder has published)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { header: { jwk: client.privateJwk } })] }, /must be a public key/);
    });

    it('refuses a proof whose signature is not by its jwk (a proof naming the victim\'s key, signed by another)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { signWith: thief.privateKey })] }, /signature cannot be verified/);
    });

    it('refuses a JWT of another type as a proof (typ JWT: another token the same key signed)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { header: { typ: 'JWT' } })] }, /not typed dpop\+jwt/);
    });

    it('refuses two DPoP headers (smuggling a second proof past a proxy)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token), await proofFor(token)] }, /more than one DPoP header/);
    });

    it('refuses a jti longer than the replay memory keeps (inflating its memory)', async () => {
      const token = await boundToken();
      await refusedProof({ authorization: `DPoP ${token}`, proofs: [await proofFor(token, { claims: { jti: 'j'.repeat(MAX_JTI_LENGTH + 1) } })] }, /no valid jti/);
    });

    it('offers both schemes on a 401, DPoP with the algorithms it verifies (RFC 9449 §7.1)', async () => {
      const response = await app.inject({ url: '/api/me' });
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers['www-authenticate'], `Bearer realm="api", DPoP algs="${DPOP_ALGORITHMS.join(' ')}"`);
    });

    it('puts the error on the DPoP challenge when the request used DPoP', async () => {
      const response = await send(app, { authorization: `DPoP ${await boundToken()}` });
      assert.match(String(response.headers['www-authenticate']), /^Bearer realm="api", DPoP error="invalid_dpop_proof", error_description="[^"]+", algs="ES256 /);
    });
  });

  describe('OIDC_DPOP=required', () => {
    it('refuses a bearer token (a token anyone who copies it can use), offering DPoP only', async () => {
      const app = await appWith({ OIDC_DPOP: 'required' });
      await assertRefused(app, { authorization: `Bearer ${await bearerToken()}` }, ErrorCode.InvalidToken, TokenRefusal.DpopRequired);
      const { scheme } = bearerChallenge((await send(app, { authorization: `Bearer ${await bearerToken()}` })).headers['www-authenticate']);
      assert.equal(scheme, 'DPoP');
    });

    it('accepts a DPoP-bound token with its proof', async () => {
      const app = await appWith({ OIDC_DPOP: 'required' });
      const token = await boundToken();
      assert.equal((await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] })).statusCode, 200);
    });
  });

  describe('OIDC_DPOP=off', () => {
    it('refuses a DPoP-bound token, whose binding it would drop, and reads no DPoP scheme', async () => {
      const app = await appWith({ OIDC_DPOP: 'off' });
      const token = await boundToken();
      await assertRefused(app, { authorization: `Bearer ${token}` }, ErrorCode.InvalidToken, TokenRefusal.SenderConstrained);
      const response = await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error, ErrorCode.Unauthorized);
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
    });
  });

  describe('the replay memory', () => {
    it('when full of unexpired proofs, refuses new ones with 503 and Retry-After instead of forgetting any (a flood cannot flush a captured proof out)', async () => {
      const app = await appWith({}, 3);
      const token = await boundToken();
      const first = { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] };
      assert.equal((await send(app, first)).statusCode, 200);
      for (let i = 0; i < 2; i++) assert.equal((await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] })).statusCode, 200);

      const flood = await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] });
      assert.equal(flood.statusCode, 503);
      assert.equal(flood.json().error, ErrorCode.ServiceUnavailable);
      assert.ok(Number(flood.headers['retry-after']) >= 1);
      await assertRefused(app, first, ErrorCode.InvalidDpopProof, TokenRefusal.DpopReplay);
    });

    it('records only proofs that passed every check: refused proofs cannot fill it', async () => {
      const app = await appWith({}, 2);
      const token = await boundToken();
      for (let i = 0; i < 5; i++) {
        const response = await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token, {}, thief)] });
        assert.equal(response.statusCode, 401);
      }
      for (let i = 0; i < 2; i++) assert.equal((await send(app, { authorization: `DPoP ${token}`, proofs: [await proofFor(token)] })).statusCode, 200);
    });
  });

  it('opens the chat\'s live stream with a DPoP-bound token and its proof, like any API request, and refuses it without', async () => {
    const app = await appWith();
    const base = `http://127.0.0.1:${await listenOnLoopback(app)}`;
    const token = await boundToken();
    // The proof names APP_ORIGIN, not the address the request went to.
    const proof = await signProof(client, { htu: `${ORIGIN}${ChatApiPath.Events}`, accessToken: token });
    const stream = await openEventStream(`${base}${ChatApiPath.Events}`, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    try {
      assert.equal(stream.status, 200);
      await stream.until(ChatEventType.Ready);
    } finally {
      stream.close();
    }
    const stolen = await openEventStream(`${base}${ChatApiPath.Events}`, { headers: { authorization: `Bearer ${token}` } });
    stolen.close();
    assert.equal(stolen.status, 401);
  });

  it('accepts a proof signed with another allowed algorithm (EdDSA), bound by its thumbprint', async () => {
    const app = await appWith();
    const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const edKey: DpopKey = { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk, 'sha256'), privateJwk: {} };
    const token = await boundToken(edKey);
    const proof = await proofFor(token, { header: { alg: 'Ed25519' } }, edKey);
    assert.equal((await send(app, { authorization: `DPoP ${token}`, proofs: [proof] })).statusCode, 200);
  });
});
