/**
 * What the dev IdP must remember to survive a restart: its signing key, its cookie keys and its stored
 * sessions, grants and tokens. In memory by default (a restart forgets them, and signs everyone out);
 * in files under `IDP_STATE_DIR` when set, so a restart is invisible to signed-in users, as it is with
 * a real IdP. Deleting `signing-key.json` there rotates the signing key at the next start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterFactory } from 'oidc-provider';
import { FileStore } from './file-store.ts';
import { generateSigningKey, parsePrivateSigningJwk, type PrivateSigningJwk } from './signing-key.ts';

export interface IdpState {
  readonly signingKey: PrivateSigningJwk;
  /** Keys that sign the IdP's cookies (its session cookie among them). */
  readonly cookieKeys: string[];
  /** The secret its DPoP nonces derive from (RFC 9449 §8): kept, so a restart does not void the nonces clients hold. */
  readonly dpopNonceSecret: Buffer;
  /** oidc-provider's storage; `undefined` is its built-in in-memory store. */
  readonly adapter: AdapterFactory | undefined;
}

export const SIGNING_KEY_FILE = 'signing-key.json';
const COOKIE_KEYS_FILE = 'cookie-keys.json';
const DPOP_NONCE_SECRET_FILE = 'dpop-nonce-secret.json';
const STORE_FILE = 'store.json';

export function openIdpState(stateDir: string | undefined): IdpState {
  if (stateDir === undefined) {
    return { signingKey: generateSigningKey(), cookieKeys: [newCookieKey()], dpopNonceSecret: randomBytes(32), adapter: undefined };
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const signingKeyFile = join(stateDir, SIGNING_KEY_FILE);
  return {
    signingKey: loadOrCreate(signingKeyFile, generateSigningKey, (json) => parsePrivateSigningJwk(json, signingKeyFile)),
    cookieKeys: loadOrCreate(join(stateDir, COOKIE_KEYS_FILE), () => [newCookieKey()], parseCookieKeys),
    dpopNonceSecret: Buffer.from(loadOrCreate(join(stateDir, DPOP_NONCE_SECRET_FILE), newCookieKey, parseNonceSecret), 'base64url'),
    adapter: FileStore.open(join(stateDir, STORE_FILE)).adapterFor,
  };
}

function loadOrCreate<T>(path: string, create: () => T, parse: (json: unknown) => T): T {
  if (existsSync(path)) {
    return parse(JSON.parse(readFileSync(path, 'utf8')));
  }
  const value = create();
  // Private key material: readable by its owner only.
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return value;
}

function newCookieKey(): string {
  return randomBytes(32).toString('base64url');
}

function parseCookieKeys(json: unknown): string[] {
  if (!Array.isArray(json) || json.length === 0 || !json.every((key) => typeof key === 'string' && key.length >= 32)) {
    throw new Error(`${COOKIE_KEYS_FILE} must hold a list of cookie keys: delete it to start afresh`);
  }
  return json as string[];
}

function parseNonceSecret(json: unknown): string {
  if (typeof json !== 'string' || Buffer.from(json, 'base64url').length !== 32) {
    throw new Error(`${DPOP_NONCE_SECRET_FILE} must hold a 32-byte secret in base64url: delete it to start afresh`);
  }
  return json;
}
