/**
 * The IdP of the guard benchmark: its ES256 and RS256 signing keys, a loopback HTTP server with its
 * discovery document and JWKS (every server under test GETs the keys from it, as from a real IdP),
 * and access tokens as the dev IdP makes them (RFC 9068), signed with `node:crypto` ahead of the
 * timed runs.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchIdp {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  readonly server: Server;
  /**
   * `count` distinct access tokens (role chat), valid for an hour: all alice's, or with
   * `distinctUsers`, one user each (`reader-0`, `reader-1`, …), as many people's streams are.
   */
  signTokens(alg: 'ES256' | 'RS256', count: number, options?: { readonly distinctUsers?: boolean }): string[];
  close(): void;
}

const AUDIENCE = 'http://localhost:4200/api';

export async function startBenchIdp(): Promise<BenchIdp> {
  const keys = {
    ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  };
  const jwks = {
    keys: (Object.entries(keys) as [string, { publicKey: KeyObject }][]).map(([alg, pair]) => ({ ...pair.publicKey.export({ format: 'jwk' }), kid: alg, alg, use: 'sig' })),
  };
  let issuer = '';
  const server = createServer((request, response) => {
    const body = request.url === '/jwks' ? jwks : request.url === '/.well-known/openid-configuration' ? discovery(issuer) : undefined;
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signTokens = (alg: 'ES256' | 'RS256', count: number, { distinctUsers = false } = {}): string[] => {
    const header = encode({ alg, kid: alg, typ: 'at+jwt' });
    const now = Math.floor(Date.now() / 1000);
    const privateKey = keys[alg].privateKey;
    return Array.from({ length: count }, (_, index) => {
      const [sub, name] = distinctUsers ? [`reader-${index}`, `Reader ${index}`] : ['alice', 'Alice Martin'];
      const claims = { iss: issuer, aud: AUDIENCE, sub, name, roles: ['chat'], client_id: 'web', scope: 'openid profile', jti: randomUUID(), iat: now, exp: now + 3600 };
      const input = `${header}.${encode(claims)}`;
      const signature = sign('sha256', Buffer.from(input), alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey);
      return `${input}.${signature.toString('base64url')}`;
    });
  };
  return { issuer, audience: AUDIENCE, jwksUri: `${issuer}/jwks`, server, signTokens, close: () => server.close() };
}

function discovery(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256', 'RS256'],
    code_challenge_methods_supported: ['S256'],
  };
}
