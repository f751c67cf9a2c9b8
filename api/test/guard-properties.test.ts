/**
 * Property-based tests of the guard (fast-check): whatever headers and tokens a client sends, the
 * API never answers 500, never crashes, and never blames the IdP (503) for the client's input.
 * Tokens are really signed (with the IdP's key or another), each a valid token with up to three
 * random changes to its header parameters or claims, so that every rule gets reached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { startTestIdp, type TestIdp } from './fixtures/idp-server.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { accessTokenClaims, AUDIENCE, signRawJws } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';
/** Rate limits out of the way: they are not what these properties are about. */
const NO_RATE_LIMIT = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_USER: '1000000000' };
const ROUTES = ['/api/me', '/api/chat/rooms', '/api/analytics/summary'];

/** Any JSON value, or one of the values a claim or header parameter is meant to have. */
const jsonOr = (...meant: unknown[]): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...meant), fc.jsonValue(), fc.double());

/** Header parameters a mutation may set, and values meant for them (beside any JSON). */
const HEADER_VALUES: Readonly<Record<string, unknown[]>> = {
  typ: ['at+jwt', 'application/at+jwt', 'JWT', 'at+JWT'],
  kid: ['idp-key-1', 'other-kid', '../../etc/passwd'],
  alg: ['ES256', 'none', 'HS256', 'RS256'],
  crit: [['b64'], ['urn:x'], []],
  b64: [false, true],
  jku: ['http://localhost:1/jwks'],
  jwk: [{ kty: 'EC' }],
  x5c: [['MIIB']],
};

/** Claims a mutation may set, and values meant for them (beside any JSON). */
const CLAIM_VALUES = (issuer: string, now: number): Readonly<Record<string, unknown[]>> => ({
  iss: [issuer, `${issuer}/`, [issuer]],
  aud: [AUDIENCE, [AUDIENCE, 'web'], [AUDIENCE, 42], 'web'],
  sub: ['alice', '', 42],
  exp: [now + 300, now - 300, 1e308, -1],
  iat: [now, now + 3600, now - 86_400, 0],
  nbf: [now, now + 3600],
  roles: [['chat'], ['analytics', 'chat'], 'analytics', [{ role: 'analytics' }]],
  realm_access: [{ roles: ['analytics'] }],
  cnf: [{ jkt: 'x' }, { jkt: 'A'.repeat(43) }, { 'x5t#S256': 'A'.repeat(43) }, null, 'A'.repeat(43), [{ jkt: 'A'.repeat(43) }]],
  nonce: ['n-0S6'],
  client_id: ['web', ['web']],
  jti: ['id', 7],
  name: ['Alice', ''],
  __proto__: [{ roles: ['analytics'] }],
});

/** One change to a valid token: a parameter or claim set to a meant value, any JSON value, or removed. */
const mutation = (where: 'header' | 'claim', values: Readonly<Record<string, unknown[]>>) =>
  fc.constantFrom(...Object.keys(values)).chain((name) =>
    fc.oneof(fc.constantFrom(...(values[name] ?? [])), fc.jsonValue(), fc.double(), fc.constant(undefined)).map((value) => ({ where, name, value })),
  );

/** A valid token's header and claims, with zero to three random changes. */
const tokenParts = (issuer: string, kid: string) =>
  fc
    .array(fc.oneof(mutation('header', HEADER_VALUES), mutation('claim', CLAIM_VALUES(issuer, Math.floor(Date.now() / 1000)))), { maxLength: 3 })
    .map((mutations) => {
      const header: Record<string, unknown> = { kid };
      const claims: Record<string, unknown> = accessTokenClaims(issuer);
      for (const { where, name, value } of mutations) {
        const target = where === 'header' ? header : claims;
        if (value === undefined) delete target[name];
        else Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return { header, payload: JSON.stringify(claims) };
    });

/** A `Bearer` credential, mostly well formed. */
const credential = (token: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: token.map((value) => `Bearer ${value}`), weight: 8 },
    { arbitrary: fc.tuple(fc.constantFrom('bearer ', 'BEARER  ', 'Bearer\t', 'DPoP ', 'Basic ', ''), token).map(([scheme, value]) => scheme + value), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((value) => `Bearer ${value}`), weight: 1 },
    { arbitrary: fc.array(fc.base64String({ maxLength: 80 }), { minLength: 1, maxLength: 5 }).map((parts) => `Bearer ${parts.join('.')}`), weight: 1 },
  );

/** Extra request headers: repeated Authorization, forwarded addresses, cookies, odd names. */
const extraHeaders = (token: fc.Arbitrary<string>) =>
  fc.record(
    {
      'x-forwarded-for': fc.string({ maxLength: 60 }),
      cookie: token.map((value) => `access_token=${value}`),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ';;'),
      'x-random': fc.string({ unit: 'binary-ascii', maxLength: 100 }),
    },
    { requiredKeys: [] },
  );

function assertClientAnswer(response: LightMyRequestResponse): void {
  assert.ok([200, 400, 401, 403].includes(response.statusCode), `status ${response.statusCode}: ${response.body}`);
  if (response.statusCode !== 200) {
    assert.match(String(response.headers['www-authenticate']), /^Bearer realm="api"/);
    assert.match(String(response.headers['www-authenticate']), /^[\x20-\x7E]*$/);
    assert.ok(['unauthorized', 'invalid_request', 'invalid_token', 'invalid_dpop_proof', 'insufficient_scope'].includes(response.json().error));
  }
}

describe('guard properties', () => {
  let key: SigningKey;
  let stranger: SigningKey;
  let removeDir: () => Promise<void>;
  let jwksFile: string;
  let idp: TestIdp;

  before(async () => {
    key = await createSigningKey('idp-key-1');
    stranger = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
    idp = await startTestIdp(jwksOf(key).keys);
  });
  after(async () => {
    await idp.close();
    await removeDir();
  });

  /** Valid tokens with random changes, signed by the IdP's key or (one in ten) a stranger's under the same kid. */
  const signedTokens = (issuer: string) =>
    fc.tuple(fc.integer({ min: 0, max: 9 }), tokenParts(issuer, key.kid)).map(([dice, parts]) => ({ signer: dice === 0 ? stranger : key, ...parts }));

  async function checkGuard(app: FastifyInstance, issuer: string, numRuns: number): Promise<void> {
    await fc.assert(
      fc.asyncProperty(
        signedTokens(issuer),
        fc.constantFrom(...ROUTES),
        fc.integer({ min: 0, max: 9 }),
        fc.string({ maxLength: 40 }),
        async ({ signer, header, payload }, url, dice, otherValue) => {
          const twice = dice === 0;
          const token = await signRawJws(signer, payload, header);
          const [authorization] = fc.sample(credential(fc.constant(token)), { numRuns: 1 });
          const [extra] = dice === 1 ? fc.sample(extraHeaders(fc.constant(token)), { numRuns: 1 }) : [{}];
          const headers: Record<string, string | string[]> = {
            ...extra,
            authorization: twice ? [authorization ?? '', otherValue] : (authorization ?? ''),
          };
          assertClientAnswer(await app.inject({ url, headers }));
        },
      ),
      { numRuns },
    );
    const health = await app.inject({ url: '/api/health' });
    assert.equal(health.statusCode, 200, 'the app still answers after the run');
  }

  it('never answers 500 (nor 503) to random headers and signed tokens, keys from a file', async () => {
    const app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, ...NO_RATE_LIMIT });
    try {
      await checkGuard(app, ISSUER, 300);
    } finally {
      await app.close();
    }
  });

  it('never answers 500, nor blames the IdP (503) for client input, keys fetched from the IdP', async () => {
    const app = await buildTestApp({ OIDC_ISSUER: idp.issuer, OIDC_JWKS_URI: idp.jwksUri, ...NO_RATE_LIMIT });
    try {
      await checkGuard(app, idp.issuer, 200);
    } finally {
      await app.close();
    }
  });

  it('never answers 500 to random Authorization values, with typ JWT accepted too', async () => {
    const app = await buildTestApp({
      OIDC_ISSUER: ISSUER,
      OIDC_JWKS_FILE: jwksFile,
      OIDC_ACCESS_TOKEN_TYP: 'dangerously-accept-JWT',
      ...NO_RATE_LIMIT,
    });
    try {
      await fc.assert(
        fc.asyncProperty(credential(fc.string({ maxLength: 200 })), extraHeaders(fc.string()), fc.constantFrom(...ROUTES), async (authorization, extra, url) => {
          assertClientAnswer(await app.inject({ url, headers: { ...extra, authorization } }));
        }),
        { numRuns: 300 },
      );
    } finally {
      await app.close();
    }
  });
});
