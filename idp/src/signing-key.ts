/**
 * The IdP's signing key: an ES256 key pair made at start (or kept in IDP_STATE_DIR, see idp-state.ts),
 * so nothing secret is ever checked in.
 */
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
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

/** Reads a private key written by an earlier start (see idp-state.ts); refuses anything else. */
export function parsePrivateSigningJwk(json: unknown, source: string): PrivateSigningJwk {
  const jwk = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const members = ['x', 'y', 'd', 'kid'] as const;
  if (jwk['kty'] !== 'EC' || jwk['crv'] !== 'P-256' || !members.every((name) => typeof jwk[name] === 'string')) {
    throw new Error(`${source} is not a P-256 private JWK: delete it to make a new signing key`);
  }
  const [x, y, d, kid] = members.map((name) => jwk[name] as string) as [string, string, string, string];
  return { kty: 'EC', crv: 'P-256', x, y, d, kid, alg: SIGNING_ALG, use: 'sig' };
}

export function toPublicJwk({ kty, crv, x, y, kid, alg, use }: PrivateSigningJwk): SigningJwk {
  return { kty, crv, x, y, kid, alg, use };
}

/**
 * Writes the public JWKS (never the private key) for an API that verifies tokens without network. By
 * rename, so an API that rereads the file when it changes never reads half of it.
 */
export async function writePublicJwks(path: string, key: PrivateSigningJwk): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify({ keys: [toPublicJwk(key)] }, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
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
