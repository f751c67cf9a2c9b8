/**
 * A DPoP client (RFC 9449 §4) by hand with node:crypto: an ES256 key, its JWK thumbprint, and
 * proofs for token requests, to assert what the dev IdP does with them.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface DpopClientKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: Readonly<Record<'kty' | 'crv' | 'x' | 'y', string>>;
  /** RFC 7638 SHA-256 thumbprint: what the tokens bound to it carry in `cnf.jkt`. */
  readonly jkt: string;
}

export function createDpopClientKey(): DpopClientKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty = '', crv = '', x = '', y = '' } = publicKey.export({ format: 'jwk' });
  const publicJwk = { kty, crv, x, y };
  // RFC 7638 §3.2: the required members, in lexicographic order, no whitespace.
  const jkt = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return { privateKey, publicJwk, jkt };
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A proof for a POST to `htu`, with the IdP's `nonce` when given. */
export function tokenRequestProof(key: DpopClientKey, htu: string, nonce?: string): string {
  const input = `${encode({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })}.${encode({
    jti: randomUUID(),
    htm: 'POST',
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...(nonce === undefined ? {} : { nonce }),
  })}`;
  // RFC 7518 §3.4: ES256 signatures are the raw R || S concatenation.
  return `${input}.${sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}
