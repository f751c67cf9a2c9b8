import type { JWTVerifyGetKey } from 'jose';
import type { ReadKeySetVersion } from '../verified-token-cache.ts';

/**
 * Where verification gets the IdP's public keys: a remote JWKS (by GET) or a local JWKS file.
 * `getKey` throws `KeysUnavailableError` when the keys cannot be had right now, and jose's own
 * errors (`JWKSNoMatchingKey`…) when the token names a key we do not have.
 */
export interface KeySource {
  readonly getKey: JWTVerifyGetKey;
  /**
   * Changes whenever the keys may have changed; undefined while no key may be used without asking
   * the IdP first. The verified-token cache drops what was verified under another version.
   */
  readonly keySetVersion: ReadKeySetVersion;
}
