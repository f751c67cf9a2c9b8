import type { AuthorizationServer } from 'oauth4webapi';
import type { IdpFailure } from './idp-failure';

/**
 * The messages between the page and the token worker (see token-keeper.ts). Plain data only: they
 * cross `postMessage`. Nothing here ever carries a refresh token.
 */

/** The IdP the worker talks to. The first redemption pins it; the worker refuses any other after. */
export interface KeeperIdp {
  readonly as: AuthorizationServer;
  readonly clientId: string;
}

/**
 * A sign-in, in one message: the IdP, the callback URL to validate, and what the worker needs to
 * redeem its authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5).
 */
export interface CodeRedemption {
  readonly idp: KeeperIdp;
  /** The callback URL as the IdP sent it, with `code` (or `error`), `state` and `iss`. */
  readonly callbackUrl: string;
  readonly expectedState: string;
  readonly codeVerifier: string;
  readonly expectedNonce: string;
  readonly redirectUri: string;
  /**
   * This browser's DPoP key (non-extractable, cloned across `postMessage`), when the app asks for
   * DPoP-bound tokens: every token request then carries a proof signed with it (RFC 9449 §5).
   */
  readonly dpopKeyPair: CryptoKeyPair | undefined;
}

/**
 * The names the ID token gives the user, once the worker validated it (signature, `iss`, `aud`,
 * `exp`, `nonce`): for display only, when the access token carries none (the API reads identity and
 * roles from the access token alone).
 */
export interface IdTokenProfile {
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
}

/** What the worker hands the page after a token request: never the refresh token, only whether it holds one. */
export interface TokenGrant {
  readonly accessToken: string;
  /** Seconds, as the IdP said (`expires_in`), if it did. */
  readonly expiresIn: number | undefined;
  readonly idToken: string | undefined;
  /** From the validated ID token, when the response carried one. */
  readonly profile: IdTokenProfile | undefined;
  readonly holdsRefreshToken: boolean;
  /** When the IdP bound the tokens to the DPoP key (`token_type` DPoP): that key's thumbprint (RFC 7638). */
  readonly dpopJkt: string | undefined;
}

export type KeeperCommand =
  | { readonly op: 'redeem'; readonly redemption: CodeRedemption }
  | { readonly op: 'refresh' }
  | { readonly op: 'revoke' };

/** What each command answers with. */
export interface KeeperResults {
  redeem: TokenGrant;
  refresh: TokenGrant;
  revoke: null;
}

export type KeeperRequest = KeeperCommand & { readonly id: number };

export type KeeperReply =
  | { readonly id: number; readonly ok: true; readonly value: TokenGrant | null }
  | { readonly id: number; readonly ok: false; readonly failure: IdpFailure };

/** The part of a `Worker` (page side) or of a worker's global scope or a `MessagePort` that both ends use. */
export interface KeeperPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
