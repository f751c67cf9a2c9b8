/**
 * Whether a sample token's signature verifies with the keys the API would use, chosen the way the
 * API chooses them (jose's local JWKS: by `kid` and `alg`; algorithms the guard allows only).
 */
import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet, type JWTHeaderParameters } from 'jose';
import { ALLOWED_ALGORITHMS } from '../auth/verify-access-token.ts';
import { fail, pass, warn, type Finding } from './finding.ts';

export interface KeysForTokens {
  readonly jwks: JSONWebKeySet | undefined;
  /** Where they came from, for messages (`jwks_uri http://…`). */
  readonly where: string;
}

export async function checkSignature(label: string, token: string, header: JWTHeaderParameters, keys: KeysForTokens): Promise<Finding> {
  if (keys.jwks === undefined) return warn(`${label}: signature not checked`, 'the keys could not be had (see the JWKS check)');
  try {
    await compactVerify(token, createLocalJWKSet(keys.jwks), { algorithms: [...ALLOWED_ALGORITHMS] });
    return pass(`${label}: signature verifies with ${keys.where} (${header.alg}${header.kid === undefined ? '' : `, kid ${header.kid}`})`);
  } catch (error) {
    return fail(`${label}: signature does not verify`, describeSignatureError(error, header, keys.where));
  }
}

function describeSignatureError(error: unknown, header: JWTHeaderParameters, where: string): string {
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `it is signed with ${String(header.alg)}, which the API refuses: it accepts ${ALLOWED_ALGORITHMS.join(', ')} (RFC 8725 section 3.1)`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return `no key in ${where} matches kid ${String(header.kid)} and alg ${String(header.alg)}: is the token from this IdP (OIDC_ISSUER), and are the keys current?`;
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return `several keys in ${where} match and the token names no kid: the API cannot choose one`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return `the key with kid ${String(header.kid)} in ${where} does not verify it: was it signed by another IdP with the same kid, or altered?`;
  }
  return error instanceof Error ? error.message : String(error);
}
