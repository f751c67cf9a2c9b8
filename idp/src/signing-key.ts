/**
 * The IdP's signing key: a fresh ES256 key pair per start, so nothing secret is ever checked in. Tokens
 * from a previous run stop verifying after a restart, which is what a dev IdP should do.
 */
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const SIGNING_ALG = 'ES256';

export interface SigningJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: typeof SIGNING_ALG;
  readonly use: 'sig';
}

export interface PrivateSigningJwk extends SigningJwk {
  readonly d: string;
}

export function generateSigningKey(): PrivateSigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const x = requiredMember(jwk, 'x');
  const y = requiredMember(jwk, 'y');
  return { kty: 'EC', crv: 'P-256', x, y, d: requiredMember(jwk, 'd'), kid: thumbprint(x, y), alg: SIGNING_ALG, use: 'sig' };
}

export function toPublicJwk({ kty, crv, x, y, kid, alg, use }: PrivateSigningJwk): SigningJwk {
  return { kty, crv, x, y, kid, alg, use };
}

/** Writes the public JWKS (never the private key) for an API that verifies tokens without network. */
export async function writePublicJwks(path: string, key: PrivateSigningJwk): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ keys: [toPublicJwk(key)] }, null, 2)}\n`);
}

/** RFC 7638 §3: the SHA-256 of the required members in lexicographic order, as the key id. */
function thumbprint(x: string, y: string): string {
  const required = JSON.stringify({ crv: 'P-256', kty: 'EC', x, y });
  return createHash('sha256').update(required).digest('base64url');
}

function requiredMember(jwk: JsonWebKey, name: 'x' | 'y' | 'd'): string {
  const value = jwk[name];
  if (typeof value !== 'string') {
    throw new Error(`generated EC key has no "${name}" member`);
  }
  return value;
}
