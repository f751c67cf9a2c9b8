import type { JWTVerifyGetKey } from 'jose';

/**
 * Where verification gets the IdP's public keys: a remote JWKS (by GET) or a local JWKS file.
 * `getKey` throws `KeysUnavailableError` when the keys cannot be had right now, and jose's own
 * errors (`JWKSNoMatchingKey`…) when the token names a key we do not have.
 */
export interface KeySource {
  readonly getKey: JWTVerifyGetKey;
}
