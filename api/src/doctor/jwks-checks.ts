/**
 * Check group 5: the keys the API verifies access tokens with, from where the API gets them
 * (`OIDC_JWKS_FILE`, `OIDC_JWKS_URI`, or discovery's `jwks_uri`), judged by the API's own rules:
 * the file by `parsePublicJwks`, every key by the algorithms the guard allows (RFC 8725 §3.1, §3.2).
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet, JWK } from 'jose';
import { JwksFileError } from '../auth/errors.ts';
import { parsePublicJwks } from '../auth/keys/public-jwks.ts';
import { ALLOWED_ALGORITHMS } from '../auth/verify-access-token.ts';
import { fail, pass, type Finding } from './finding.ts';
import { probe, type ProbeOptions } from './http-probe.ts';

export type JwksSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: URL; readonly variable: 'OIDC_JWKS_URI' | 'jwks_uri' };

export type JwksLoad =
  | { readonly ok: true; readonly jwks: JSONWebKeySet; readonly where: string }
  | { readonly ok: false; readonly finding: Finding };

export function describeSource(source: JwksSource): string {
  return source.kind === 'file' ? `OIDC_JWKS_FILE ${source.path}` : `${source.variable} ${source.url.href}`;
}

/** Reads the keys as the API would; a failure is a finding that says why. */
export async function loadJwks(source: JwksSource, options: ProbeOptions = {}): Promise<JwksLoad> {
  const where = describeSource(source);
  const failed = (...details: string[]): JwksLoad => ({ ok: false, finding: fail(`JWKS from ${where}`, ...details) });
  let text: string;
  if (source.kind === 'file') {
    try {
      text = await readFile(source.path, 'utf8');
    } catch (error) {
      return failed(`cannot read it: ${(error as Error).message}`, 'set OIDC_JWKS_FILE to the path of the IdP\'s public JWKS');
    }
  } else {
    const answer = await probe(source.url, { headers: { accept: 'application/json' } }, options);
    if (!answer.ok) return failed(answer.problem, ...answer.hints);
    if (answer.status !== 200) return failed(`GET answered ${answer.status}, expected 200`);
    text = answer.text;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed('it is not JSON');
  }
  if (source.kind === 'file') {
    try {
      return { ok: true, jwks: parsePublicJwks(json, where), where };
    } catch (error) {
      if (!(error instanceof JwksFileError)) throw error;
      return failed(error.message, 'export the IdP\'s public signing keys (its jwks_uri document) into the file');
    }
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return failed('it is not a JWKS with at least one key: expected {"keys": [ ... ]}');
  return { ok: true, jwks: json as JSONWebKeySet, where };
}

const ASYMMETRIC_KEY_TYPES = ['RSA', 'EC', 'OKP'];

/** Why the API cannot verify with this key, or `undefined` when it can (jose's key selection, then the guard's algorithms). */
export function unusableBecause(key: JWK): string | undefined {
  if (key.kty === 'oct') return 'a symmetric (HMAC) key: the API accepts asymmetric signatures only (RFC 8725 section 3.2)';
  if (key.kty === undefined || !ASYMMETRIC_KEY_TYPES.includes(key.kty)) return `kty ${String(key.kty)} is not RSA, EC or OKP`;
  if (key.use !== undefined && key.use !== 'sig') return `use is ${key.use}, not sig`;
  if (key.key_ops !== undefined && !key.key_ops.includes('verify')) return 'its key_ops do not include verify';
  if (key.alg !== undefined && !ALLOWED_ALGORITHMS.includes(key.alg)) return `alg ${key.alg} is not one the API accepts`;
  if (key.d !== undefined) return 'it holds private key material: the IdP must publish public keys only';
  return undefined;
}

function describeKey(key: JWK): string {
  const kind = key.alg ?? [key.kty, key.crv].filter((part) => part !== undefined).join(' ');
  return `${key.kid === undefined ? 'a key without kid' : `kid ${key.kid}`} (${kind})`;
}

export function checkJwksKeys(jwks: JSONWebKeySet, where: string): Finding {
  const usable = jwks.keys.filter((key) => unusableBecause(key) === undefined);
  const ignored = jwks.keys.filter((key) => unusableBecause(key) !== undefined).map((key) => `ignored: ${describeKey(key)}: ${unusableBecause(key)}`);
  if (usable.length === 0) {
    return fail(
      `JWKS from ${where}: no key the API can verify with`,
      ...ignored,
      `the API accepts ${ALLOWED_ALGORITHMS.join(', ')}: ask the IdP team to sign access tokens with an asymmetric key (RS256 or ES256) and publish it`,
    );
  }
  const algs = [...new Set(usable.map((key) => key.alg ?? [key.kty, key.crv].filter((part) => part !== undefined).join(' ')))];
  return pass(`JWKS from ${where}: ${usable.length} key${usable.length === 1 ? '' : 's'} the API can use (${algs.join(', ')})`, ...ignored);
}
