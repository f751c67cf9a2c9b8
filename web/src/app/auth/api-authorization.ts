import { HttpContextToken } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { DpopKey } from './dpop-key';
import type { PreparedRequest } from './dpop-proof';
import { SessionStore } from './session-store';

/** An access token to send to the app's API, and the key it is bound to (`cnf.jkt`), if it is. */
export interface ApiCredential {
  readonly accessToken: string;
  readonly dpopJkt: string | undefined;
}

/**
 * Set on a request that must go with this credential rather than the session's: the sign-in's
 * profile request, made with the token the worker has just handed over, before the session holds it.
 */
export const ISSUED_CREDENTIAL = new HttpContextToken<ApiCredential | null>(() => null);

/**
 * The credentials of a request to the app's own API: `Authorization: Bearer` for a bearer token;
 * for a DPoP-bound one, `Authorization: DPoP` and a fresh proof signed with this browser's key (RFC
 * 9449 §7), which the API checks against the token's `cnf.jkt`. Used by the HTTP interceptor and
 * the chat's live stream alike, so every request to the API carries its proof.
 */
@Injectable({ providedIn: 'root' })
export class ApiAuthorization {
  private readonly store = inject(SessionStore);
  private readonly dpopKey = inject(DpopKey);

  /**
   * `credential`: the session's access token (a string: its binding is the session's, the same for
   * every token of this tab's session) or an {@link ApiCredential}.
   */
  async prepare(credential: string | ApiCredential, method: string, url: URL): Promise<PreparedRequest> {
    const { accessToken, dpopJkt } = typeof credential === 'string' ? { accessToken: credential, dpopJkt: this.store.tokens()?.dpopJkt } : credential;
    if (dpopJkt === undefined) return bearerRequest(accessToken);
    const key = await this.dpopKey.forBinding(dpopJkt);
    // The key is gone (another tab signed out): the API refuses the token, and the session ends.
    if (key === null) return bearerRequest(accessToken);
    const { proveRequest } = await import('./dpop-proof');
    return proveRequest(key.handle, accessToken, method, url);
  }
}

/** A bearer token's request: `Authorization: Bearer`, nothing to learn from the answer. */
function bearerRequest(accessToken: string): PreparedRequest {
  return { headers: { Authorization: `Bearer ${accessToken}` }, answered: () => Promise.resolve('done') };
}
