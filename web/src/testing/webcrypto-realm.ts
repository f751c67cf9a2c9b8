/**
 * Unit tests run in jsdom, whose globals (`ArrayBuffer` among them) belong to another JavaScript
 * realm than Node's WebCrypto: `crypto.subtle.digest` and `sign` answer with an `ArrayBuffer` that
 * fails `instanceof ArrayBuffer`, which oauth4webapi checks before encoding a DPoP proof or a key
 * thumbprint. A browser has one realm; here the answers are copied into jsdom's. Test set-up only:
 * nothing of this reaches the app's build.
 */
const subtle = globalThis.crypto.subtle;
for (const method of ['digest', 'sign'] as const) {
  const original = subtle[method].bind(subtle) as (...args: unknown[]) => Promise<ArrayBuffer>;
  Object.defineProperty(subtle, method, {
    configurable: true,
    value: async (...args: unknown[]) => new Uint8Array(await original(...args)).slice().buffer,
  });
}
