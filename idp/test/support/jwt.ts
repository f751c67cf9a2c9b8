/**
 * Reads JWTs in tests, and checks their signature against a JWKS with node:crypto.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) {
    throw new Error('not a JWT');
  }
  return { header: decodePart(header), payload: decodePart(payload) };
}

/** True when the ES256 signature verifies with the JWKS key named by the header's `kid`. */
export function hasValidEs256Signature(token: string, jwks: { keys: (JsonWebKey & { kid?: string })[] }): boolean {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const { kid, alg } = decodePart(header);
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (alg !== 'ES256' || jwk === undefined) {
    return false;
  }
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  // RFC 7518 §3.4: ES256 signatures are the raw R || S concatenation.
  return verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
