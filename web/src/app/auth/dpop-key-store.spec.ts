import 'fake-indexeddb/auto';
import { indexedDbKeyStore } from './dpop-key-store';

/** The key store over IndexedDB (fake-indexeddb, a full implementation in memory: jsdom has none). */
describe('indexedDbKeyStore', () => {
  afterEach(async () => {
    await indexedDbKeyStore().forget();
  });

  it('makes a non-extractable ES256 key pair: script can sign with it, never read the private key out', async () => {
    const { privateKey, publicKey } = await indexedDbKeyStore().open();
    expect(privateKey.extractable).toBe(false);
    expect(privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', privateKey)).rejects.toThrow();
    expect(publicKey.extractable).toBe(true);
  });

  it('gives the same key to a store opened later (a reload keeps the key, so a reload keeps the binding)', async () => {
    const first = await indexedDbKeyStore().open();
    const later = await indexedDbKeyStore().open();
    expect(await exported(later.publicKey)).toEqual(await exported(first.publicKey));
  });

  it('gives two tabs opening it at once the same key (one is kept, the other made in vain)', async () => {
    const [a, b] = await Promise.all([indexedDbKeyStore().open(), indexedDbKeyStore().open()]);
    expect(await exported(a.publicKey)).toEqual(await exported(b.publicKey));
  });

  it('forgets the key at sign-out: the next sign-in gets a new one', async () => {
    const store = indexedDbKeyStore();
    const before = await store.open();
    await store.forget();
    const after = await indexedDbKeyStore().open();
    expect(await exported(after.publicKey)).not.toEqual(await exported(before.publicKey));
  });
});

function exported(key: CryptoKey): Promise<JsonWebKey> {
  return crypto.subtle.exportKey('jwk', key);
}
