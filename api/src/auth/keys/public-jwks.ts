import type { JSONWebKeySet } from 'jose';
import { JwksFileError } from '../errors.ts';

/** JWK members that only a private or secret key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const ASYMMETRIC_KEY_TYPES = ['RSA', 'EC', 'OKP'];

/**
 * Accepts a JWKS (RFC 7517 §5) of public asymmetric keys only.
 *
 * Refuses private members (a file holding the IdP's private key in the API's reach is a leak
 * waiting to happen, and means someone copied the wrong file) and symmetric `kty: oct` keys (an
 * HMAC key verifies tokens anyone holding it can mint: RFC 8725 §3.2).
 *
 * @throws {JwksFileError} saying which key is wrong and why.
 */
export function parsePublicJwks(json: unknown, source: string): JSONWebKeySet {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || json === null || !Array.isArray(keys) || keys.length === 0) {
    throw new JwksFileError(`${source} is not a JSON Web Key Set: expected {"keys": [ ... ]} with at least one key`);
  }
  keys.forEach((key: unknown, index) => assertPublicAsymmetricKey(key, `${source}: key #${index}`));
  return { keys: keys as JSONWebKeySet['keys'] };
}

function assertPublicAsymmetricKey(key: unknown, where: string): void {
  if (typeof key !== 'object' || key === null || typeof (key as { kty?: unknown }).kty !== 'string') {
    throw new JwksFileError(`${where} is not a JWK (no "kty")`);
  }
  const { kty } = key as { kty: string };
  if (kty === 'oct') throw new JwksFileError(`${where} is a symmetric key (kty "oct"); only public asymmetric keys are accepted`);
  if (!ASYMMETRIC_KEY_TYPES.includes(kty)) throw new JwksFileError(`${where} has an unsupported kty "${kty}"`);
  const privateMember = PRIVATE_MEMBERS.find((member) => Object.hasOwn(key, member));
  if (privateMember !== undefined) {
    throw new JwksFileError(`${where} holds private key material ("${privateMember}"); publish the public keys only`);
  }
}
