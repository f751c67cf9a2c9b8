import { Injectable, InjectionToken, inject } from '@angular/core';
import type * as oauth from 'oauth4webapi';
import { generateDpopKeyPair, indexedDbKeyStore, type DpopKeyStore } from './dpop-key-store';

/** Where the key pair is kept: IndexedDB in the app; replaceable in tests. */
export const DPOP_KEY_STORE = new InjectionToken<DpopKeyStore>('DPOP_KEY_STORE', { providedIn: 'root', factory: indexedDbKeyStore });

/** This browser's DPoP key, as the tab uses it. */
export interface BrowserKey {
  readonly keyPair: CryptoKeyPair;
  /** Its RFC 7638 SHA-256 thumbprint: what tokens bound to it carry (`cnf.jkt`) and `dpop_jkt` asks for. */
  readonly jkt: string;
  /** oauth4webapi's proof maker for requests to the app's own API (it keeps the API's nonce, if it sends one). */
  readonly handle: oauth.DPoPHandle;
  /** Whether it is kept across reloads (IndexedDB worked); if not, a reload makes a new one. */
  readonly persisted: boolean;
}

/**
 * The tab's DPoP key: read (or made) once, kept in memory, read again when another tab replaced it
 * (it signed out and in again), deleted at sign-out. When IndexedDB cannot be used (a private
 * window of some browsers), the key lives in this page only: tokens are still bound, and a reload
 * signs in with a new key.
 */
@Injectable({ providedIn: 'root' })
export class DpopKey {
  private readonly store = inject(DPOP_KEY_STORE);
  private current: Promise<BrowserKey> | null = null;

  load(): Promise<BrowserKey> {
    this.current ??= this.open().catch((error: unknown) => {
      this.current = null;
      throw error;
    });
    return this.current;
  }

  /** The key a token bound to `jkt` needs, or `null` when this browser no longer has it. */
  async forBinding(jkt: string): Promise<BrowserKey | null> {
    let key = await this.load();
    if (key.jkt !== jkt) {
      this.current = null;
      key = await this.load();
    }
    return key.jkt === jkt ? key : null;
  }

  /** Sign-out: deletes the key, so the next sign-in binds its tokens to a new one. */
  async forget(): Promise<void> {
    this.current = null;
    await this.store.forget().catch((error: unknown) => console.warn('The DPoP key could not be deleted:', error));
  }

  /** Another tab signed out (and deleted the key): this tab reads it again next time. */
  drop(): void {
    this.current = null;
  }

  private async open(): Promise<BrowserKey> {
    let keyPair: CryptoKeyPair;
    let persisted = true;
    try {
      keyPair = await this.store.open();
    } catch (error) {
      console.warn('IndexedDB is unavailable: the DPoP key lives in this page only.', error);
      keyPair = await generateDpopKeyPair();
      persisted = false;
    }
    // oauth4webapi's DPoP code is a lazy chunk (dpop-proof.ts): needed from here on, not to show a page.
    const { makeDpopHandle } = await import('./dpop-proof');
    const handle = makeDpopHandle(keyPair);
    return { keyPair, jkt: await handle.calculateThumbprint(), handle, persisted };
  }
}
