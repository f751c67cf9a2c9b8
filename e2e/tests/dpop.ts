/**
 * DPoP as a test sees it: proofs made in the page with the key the app keeps in IndexedDB (as the
 * app makes them, with WebCrypto), for API calls the test makes from Node on the user's behalf; and
 * what a bound token says about its key.
 */
import type { Page } from '@playwright/test';

/** The database, store and entry the app keeps its key in (web/src/app/auth/dpop-key-store.ts). */
const KEY_LOCATION = { database: 'teamspace-dpop', store: 'keys', key: 'browser-key' } as const;

/**
 * `Authorization: DPoP <token>` and a proof for `method url`, signed in `page` with the browser's
 * key: what the app itself would send. The key never leaves the page (it cannot: non-extractable).
 */
export async function dpopHeaders(page: Page, method: string, url: string, accessToken: string): Promise<Record<string, string>> {
  const proof = await page.evaluate(async ({ location, method, url, accessToken }) => {
    const pair = await new Promise<CryptoKeyPair>((resolve, reject) => {
      const opening = indexedDB.open(location.database);
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const reading = opening.result.transaction(location.store).objectStore(location.store).get(location.key);
        reading.onerror = () => reject(reading.error);
        reading.onsuccess = () => resolve(reading.result as CryptoKeyPair);
      };
    });
    const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const ath = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))));
    const claims = { jti: crypto.randomUUID(), htm: method, htu: new URL(url).origin + new URL(url).pathname, iat: Math.floor(Date.now() / 1000), ath };
    const input = `${encode({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } })}.${encode(claims)}`;
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new TextEncoder().encode(input));
    return `${input}.${base64url(new Uint8Array(signature))}`;
  }, { location: KEY_LOCATION, method, url, accessToken });
  return { Authorization: `DPoP ${accessToken}`, DPoP: proof };
}

/** The SHA-256 JWK thumbprint (RFC 7638) of the key the page keeps, or `null` when it keeps none. */
export async function pageKeyThumbprint(page: Page): Promise<string | null> {
  return page.evaluate(async (location) => {
    const pair = await new Promise<CryptoKeyPair | undefined>((resolve, reject) => {
      const opening = indexedDB.open(location.database);
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const db = opening.result;
        if (!db.objectStoreNames.contains(location.store)) return resolve(undefined);
        const reading = db.transaction(location.store).objectStore(location.store).get(location.key);
        reading.onerror = () => reject(reading.error);
        reading.onsuccess = () => resolve(reading.result as CryptoKeyPair | undefined);
      };
    });
    if (pair === undefined) return null;
    const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify({ crv, kty, x, y }))));
    return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }, KEY_LOCATION);
}

/** The `cnf.jkt` an access token is bound to, or `undefined` for a bearer token (read, not verified). */
export function boundKeyOf(accessToken: string): string | undefined {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { cnf?: { jkt?: string } };
  return payload.cnf?.jkt;
}
