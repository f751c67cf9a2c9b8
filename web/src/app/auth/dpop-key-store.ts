import { createStore, del, get, update, type UseStore } from 'idb-keyval';

/**
 * Where this browser keeps its DPoP key pair (RFC 9449): IndexedDB, which stores a WebCrypto
 * `CryptoKeyPair` by structured clone, private key non-extractable. Script in the page can ask the
 * key to sign while the page is open, but nothing can read the private key out, so a token copied
 * out of the page is useless elsewhere. A reload finds the same key, and the IdP's session signs
 * the tab in again with it; sign-out deletes it, so the next sign-in gets a new one.
 *
 * @see [RFC 9449 §2 - Objectives](https://www.rfc-editor.org/rfc/rfc9449.html#section-2)
 * @see [RFC 10017 §6.3.4 - token storage in the browser](https://www.rfc-editor.org/rfc/rfc10017.html)
 */
export interface DpopKeyStore {
  /** The key pair, made and kept the first time; every tab and every reload gets the same one. */
  open(): Promise<CryptoKeyPair>;
  /** Deletes it: the next {@link open} makes a new one. */
  forget(): Promise<void>;
}

const DATABASE = 'teamspace-dpop';
const OBJECT_STORE = 'keys';
const KEY_NAME = 'browser-key';

/** The store in IndexedDB, opened on first use (pages that never sign in never open it). */
export function indexedDbKeyStore(): DpopKeyStore {
  let database: UseStore | undefined;
  const store = () => (database ??= createStore(DATABASE, OBJECT_STORE));
  return {
    async open() {
      const kept = await get<unknown>(KEY_NAME, store());
      if (isKeyPair(kept)) return kept;
      const candidate = await generateDpopKeyPair();
      // One readwrite transaction reads and writes: of two tabs making a key at once, the second keeps the first's.
      await update<unknown>(KEY_NAME, (stored) => (isKeyPair(stored) ? stored : candidate), store());
      const agreed = await get<unknown>(KEY_NAME, store());
      if (!isKeyPair(agreed)) throw new Error('The DPoP key could not be kept in IndexedDB');
      return agreed;
    },
    forget: () => del(KEY_NAME, store()),
  };
}

/**
 * A new ES256 key pair (ECDSA P-256, RFC 7518 §3.4), the private key non-extractable. The public
 * key is always exportable: each proof carries it (RFC 9449 §4.2).
 */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  const pair = value as Partial<CryptoKeyPair> | undefined;
  return typeof CryptoKey === 'function' && pair?.privateKey instanceof CryptoKey && pair.publicKey instanceof CryptoKey;
}
