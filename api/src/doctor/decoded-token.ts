/**
 * A sample token taken apart without trusting it: which kind it is, and, for a JWS (RFC 7515 §7.1),
 * its header and claims. The signature is checked separately (`token-signature.ts`).
 */
import { decodeJwt, decodeProtectedHeader, type JWTHeaderParameters, type JWTPayload } from 'jose';

export type DecodedToken =
  | { readonly kind: 'jws'; readonly header: JWTHeaderParameters; readonly payload: JWTPayload }
  /** RFC 7516 §7.1: five parts, encrypted: only the IdP's intended recipient can read it. */
  | { readonly kind: 'jwe' }
  /** Not a JWT at all: a reference the IdP alone can look up (RFC 7662 introspection). */
  | { readonly kind: 'opaque' };

export function decodeToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length === 5) return { kind: 'jwe' };
  if (parts.length !== 3) return { kind: 'opaque' };
  try {
    return { kind: 'jws', header: decodeProtectedHeader(token) as JWTHeaderParameters, payload: decodeJwt(token) };
  } catch {
    return { kind: 'opaque' };
  }
}

/** `aud` as a list (RFC 7519 §4.1.3: a string or an array of strings). */
export function audiencesOf(payload: JWTPayload): readonly string[] {
  const { aud } = payload;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((member) => typeof member === 'string') : [];
}

