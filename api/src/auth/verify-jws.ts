/**
 * The signature of a JWT access token (a compact JWS, RFC 7515 §5.2), checked by OpenSSL through
 * `node:crypto` in one synchronous call.
 *
 * Why not jose's `jwtVerify`, which the guard used before: it verifies through WebCrypto, where
 * every check is a job sent to libuv's thread pool and a promise back, and an ECDSA signature goes
 * through a slower path than the DER form OpenSSL takes directly. A token check then cost about
 * twice the signature itself (`npm run bench`, P1). jose still does what it is best at here:
 * choosing the key by `kid` and `alg` from the JWKS and importing it (`getKey`); this module does
 * the rest of what `compactVerify` did, with the same refusals:
 *
 * - the token is three base64url parts (RFC 7515 §7.1) and its header a JSON object;
 * - `crit`, when present, is a non-empty list of names the header carries (RFC 7515 §4.1.11;
 *   which names we understand is `assertCriticalHeadersUnderstood`'s rule), and the payload is
 *   not left unencoded (`b64: false`, RFC 7797 §6: a JWT never is);
 * - `alg` is one of {@link JWS_ALGORITHMS}, checked before any key is looked up (RFC 8725 §3.1);
 * - the key `getKey` chose is of the type and size that algorithm needs (an RSA key of at least
 *   2048 bits, RFC 7518 §3.3; the curve `alg` names, RFC 7518 §3.4), so no key is ever used with
 *   an algorithm it was not made for (RFC 8725 §3.1);
 * - the signature verifies over the encoded header and payload as sent (RFC 7515 §5.2);
 * - the payload is UTF-8 and a JSON object (RFC 7519 §7.2).
 */
import { TokenRefusal } from '@app/contracts';
import { KeyObject, constants, verify } from 'node:crypto';
import type { FlattenedJWSInput, JWTHeaderParameters, JWTPayload, JWTVerifyGetKey, ProtectedHeaderParameters } from 'jose';
import { InvalidTokenError } from './errors.ts';
import { toKeyLookupError } from './key-lookup-errors.ts';

interface JwsAlgorithm {
  /** The digest, or null for EdDSA, which hashes inside the signature scheme. */
  readonly hash: string | null;
  /** Whether `key` is one this algorithm may be used with. */
  readonly fits: (key: KeyObject) => boolean;
  /** ECDSA: the length of `r` and of `s` in the JWS signature (RFC 7518 §3.4). */
  readonly ecdsaSize?: number;
  /** RSASSA-PSS (RFC 7518 §3.5): salt as long as the digest. */
  readonly pss?: boolean;
}

const MIN_RSA_BITS = 2048;
const isRsa = (key: KeyObject) => key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
const isRsaForPss = (key: KeyObject) =>
  (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
const isOnCurve = (curve: string) => (key: KeyObject) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === curve;
const isEd25519 = (key: KeyObject) => key.asymmetricKeyType === 'ed25519';

/** The asymmetric algorithms we verify (RFC 7518 §3, RFC 8037, RFC 9864 for `Ed25519`): no `none`, no HMAC. */
const ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  RS256: { hash: 'sha256', fits: isRsa },
  RS384: { hash: 'sha384', fits: isRsa },
  RS512: { hash: 'sha512', fits: isRsa },
  PS256: { hash: 'sha256', fits: isRsaForPss, pss: true },
  PS384: { hash: 'sha384', fits: isRsaForPss, pss: true },
  PS512: { hash: 'sha512', fits: isRsaForPss, pss: true },
  ES256: { hash: 'sha256', fits: isOnCurve('prime256v1'), ecdsaSize: 32 },
  ES384: { hash: 'sha384', fits: isOnCurve('secp384r1'), ecdsaSize: 48 },
  ES512: { hash: 'sha512', fits: isOnCurve('secp521r1'), ecdsaSize: 66 },
  EdDSA: { hash: null, fits: isEd25519 },
  Ed25519: { hash: null, fits: isEd25519 },
};

/** The names of the algorithms this module verifies. */
export const JWS_ALGORITHMS: readonly string[] = Object.keys(ALGORITHMS);

export interface VerifiedJws {
  readonly header: JWTHeaderParameters;
  readonly payload: JWTPayload;
}

/** Three base64url parts; the signature may be empty (so that `alg: none` is refused by name). */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const malformed = () => new InvalidTokenError('The access token is malformed', TokenRefusal.Malformed);
const badSignature = () => new InvalidTokenError('The access token signature cannot be verified with the issuer keys', TokenRefusal.Signature);

/**
 * Builds the check of a compact JWS against the keys `getKey` chooses, refusing what
 * `allowedAlgorithms` does not name. `beforeKeyLookup` runs on the header before anything else is
 * done with it (the guard's `crit` rule). An IdP signs every token under the same header: the last
 * one without `crit` is kept, and a token that starts with the same encoded header reuses it.
 */
export function createJwsVerifier(
  getKey: JWTVerifyGetKey,
  allowedAlgorithms: readonly string[],
  beforeKeyLookup: (header: ProtectedHeaderParameters) => void,
): (token: string) => Promise<VerifiedJws> {
  const allowed = new Set(allowedAlgorithms);
  let lastHeader: { readonly encoded: string; readonly header: ProtectedHeaderParameters } | undefined;

  const readHeader = (encoded: string): ProtectedHeaderParameters => {
    if (lastHeader?.encoded === encoded) return lastHeader.header;
    const header = parseJsonObject(encoded) as ProtectedHeaderParameters;
    beforeKeyLookup(header);
    assertCriticalListWellFormed(header);
    if (header.crit === undefined) lastHeader = { encoded, header: Object.freeze(header) };
    return header;
  };

  return async (token) => {
    if (!COMPACT_JWS.test(token)) throw malformed();
    const headerEnd = token.indexOf('.');
    const payloadEnd = token.indexOf('.', headerEnd + 1);
    const payload = token.slice(headerEnd + 1, payloadEnd);
    const signature = token.slice(payloadEnd + 1);
    const encoded: FlattenedJWSInput = { protected: token.slice(0, headerEnd), payload, signature };
    const read = readHeader(token.slice(0, headerEnd));
    const { alg } = read;
    if (typeof alg !== 'string' || alg === '') throw malformed();
    const header = read as JWTHeaderParameters;
    const algorithm = ALGORITHMS[alg];
    if (algorithm === undefined || !allowed.has(alg)) {
      throw new InvalidTokenError('The access token signing algorithm is not allowed', TokenRefusal.Algorithm);
    }
    const prepared = prepareKey(await Promise.resolve(getKey(header, encoded)).catch((error: unknown) => {
      throw toKeyLookupError(error);
    }));
    if (!fitsAlgorithm(prepared, alg, algorithm)) throw badSignature();
    const signingInput = Buffer.from(token.slice(0, payloadEnd), 'latin1');
    if (!verifiesSignature(algorithm, prepared.key, signingInput, Buffer.from(signature, 'base64url'))) throw badSignature();
    return { header, payload: parseJsonObject(payload) as JWTPayload };
  };
}

/** A base64url part that must decode to UTF-8 JSON text holding an object. */
function parseJsonObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(part, 'base64url')));
  } catch (cause) {
    throw new InvalidTokenError('The access token is malformed', TokenRefusal.Malformed, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed();
  return value as Record<string, unknown>;
}

/**
 * RFC 7515 §4.1.11: `crit` is a non-empty array of names, each present in the header; RFC 7797 §6:
 * `b64: false` (an unencoded payload) is never used in a JWT, so only `true` or absent is read.
 */
function assertCriticalListWellFormed(header: ProtectedHeaderParameters): void {
  const { crit } = header;
  if (crit !== undefined) {
    const names: unknown = crit;
    if (!Array.isArray(names) || names.length === 0) throw malformed();
    for (const name of names) if (typeof name !== 'string' || name === '' || !Object.hasOwn(header, name)) throw malformed();
  }
  if (header.b64 !== undefined && header.b64 !== true) throw malformed();
}

/** What a key `getKey` gave is, worked out once per key: as node:crypto takes it, and the algorithms it was found to fit. */
interface PreparedKey {
  readonly key: KeyObject;
  readonly fitting: Set<string>;
}
const preparedKeys = new WeakMap<object, PreparedKey>();

/** The key as node:crypto takes it (jose imports JWKs as WebCrypto keys); never a secret. */
function prepareKey(given: unknown): PreparedKey {
  if (typeof given !== 'object' || given === null) throw badSignature();
  let prepared = preparedKeys.get(given);
  if (prepared === undefined) {
    if (!(given instanceof KeyObject) && !(given instanceof CryptoKey && given.type === 'public')) throw badSignature();
    prepared = { key: given instanceof KeyObject ? given : KeyObject.from(given), fitting: new Set() };
    preparedKeys.set(given, prepared);
  }
  return prepared;
}

/** Whether the key is of the type and size `algorithm` needs; its details are read once per key and algorithm. */
function fitsAlgorithm({ key, fitting }: PreparedKey, name: string, algorithm: JwsAlgorithm): boolean {
  if (fitting.has(name)) return true;
  if (!algorithm.fits(key)) return false;
  fitting.add(name);
  return true;
}

function verifiesSignature(algorithm: JwsAlgorithm, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  try {
    if (algorithm.ecdsaSize !== undefined) {
      if (signature.length !== 2 * algorithm.ecdsaSize) return false;
      return verify(algorithm.hash, input, key, ecdsaSignatureToDer(signature, algorithm.ecdsaSize));
    }
    if (algorithm.pss === true) {
      return verify(algorithm.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    }
    return verify(algorithm.hash, input, key, signature);
  } catch {
    return false;
  }
}

/**
 * A JWS ECDSA signature (`r` then `s`, each `size` bytes, RFC 7518 §3.4) as the DER `SEQUENCE` of
 * two `INTEGER`s OpenSSL reads (RFC 3279 §2.2.3). Node could convert it (`dsaEncoding:
 * 'ieee-p1363'`), but that path costs about a third more per verification.
 */
export function ecdsaSignatureToDer(signature: Buffer, size: number): Buffer {
  const r = derInteger(signature.subarray(0, size));
  const s = derInteger(signature.subarray(size, 2 * size));
  const length = r.length + s.length;
  // P-521's two integers can take more than 127 bytes: the length then takes the long form.
  const head = length < 0x80 ? [0x30, length] : [0x30, 0x81, length];
  return Buffer.concat([Buffer.from(head), r, s]);
}

/** An unsigned big-endian integer as a DER `INTEGER`: no leading zero bytes, but one when the top bit is set. */
function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = bytes.subarray(start);
  const pad = (value[0] ?? 0) >= 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + value.length);
  out[0] = 0x02;
  out[1] = pad + value.length;
  value.copy(out, 2 + pad);
  return out;
}
