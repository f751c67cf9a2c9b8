import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ApiPath, usesDpop, type Me } from '@app/contracts';
import { firstValueFrom } from 'rxjs';
import { appLocale } from '../locale/app-locale';
import { ISSUED_CREDENTIAL } from './api-authorization';
import { AuthServer, loadIdpClient, type AuthServerContext } from './auth-server';
import { withDisplayName } from './display-name';
import { DpopKey, type BrowserKey } from './dpop-key';
import { IdpRequestError } from './idp-failure';
import { landingPath } from './landing';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';
import { saveSignInAttempt, takeSignInAttempt } from './sign-in-attempt';
import { SignInError } from './sign-in-error';
import { noteSignInCompleted } from './sign-in-loop';
import { TokenKeeperClient } from './token-keeper-client';
import type { TokenGrant } from './token-keeper-protocol';
import { TopLevelNavigation } from './top-level-navigation';

/** The end of a callback: signed in (go to `landing`), or on the way to the IdP again (nothing to do). */
export type SignInOutcome = { readonly kind: 'signed-in'; readonly landing: string } | { readonly kind: 'left-for-the-idp' };

/** The IdP's answers to `prompt=none` that mean "the user must see me" (OpenID Connect Core §3.1.2.6). */
const INTERACTION_ERRORS = new Set(['login_required', 'interaction_required', 'consent_required', 'account_selection_required']);

/**
 * Signing in, one way: the authorization request leaves for the IdP ({@link begin}), its answer
 * comes back to `/auth/callback` ({@link complete}), and the session is in the store. The callback
 * is validated once, by the token worker, which gets the whole sign-in in one message; the profile
 * is fetched with the token the worker just handed over.
 */
@Injectable({ providedIn: 'root' })
export class SignInFlow {
  private readonly document = inject(DOCUMENT);
  private readonly http = inject(HttpClient);
  private readonly authServer = inject(AuthServer);
  private readonly keeper = inject(TokenKeeperClient);
  private readonly navigation = inject(TopLevelNavigation);
  private readonly store = inject(SessionStore);
  private readonly dpopKey = inject(DpopKey);

  /**
   * Starts the Authorization Code flow with PKCE: makes the verifier, `state` and `nonce` here in the
   * browser, remembers them for the callback, and leaves for the IdP's authorization endpoint. A
   * `silent` attempt asks the IdP not to show anything (`prompt=none`). When the tokens are to be
   * DPoP-bound, `dpop_jkt` binds the authorization code to this browser's key too, so a code taken
   * from the callback cannot be redeemed with another key (RFC 9449 §10).
   *
   * @see [RFC 7636 - PKCE](https://www.rfc-editor.org/rfc/rfc7636.html)
   * @see [RFC 9700 §2.1.1](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.1.1)
   * @see [OpenID Connect Core §3.1.2.1 - prompt](https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest)
   * @see [RFC 9449 §10 - Authorization Code Binding](https://www.rfc-editor.org/rfc/rfc9449.html#section-10)
   */
  async begin(returnUrl: string | null, { silent = false }: { silent?: boolean } = {}): Promise<void> {
    this.store.signingIn();
    const context = await this.authServer.load();
    const { config, as } = context;
    const dpop = await this.dpopKeyFor(context);
    // Loaded with the context above: no request of its own.
    const oauth = await loadIdpClient();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const attempt = {
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      codeVerifier,
      returnUrl: safeReturnUrl(returnUrl, this.document.location.origin),
      createdAt: Date.now(),
      silent,
    };
    saveSignInAttempt(this.storage, attempt);

    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      // What the IdP needs to issue a token for our API (RFC 8707 resource, Auth0's audience…); the
      // server refuses any that would replace one of the parameters below.
      ...config.authorizationParameters,
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: config.redirectUri,
      scope: config.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      // A key kept only in this page would be gone when the callback loads another.
      ...(dpop?.persisted ? { dpop_jkt: dpop.jkt } : {}),
      ...(silent ? { prompt: 'none' } : {}),
      // The IdP's pages in the app's language (OpenID Connect Core §3.1.2.1).
      ui_locales: appLocale().language,
    }).toString();
    this.navigation.replace(url.href);
  }

  /**
   * Finishes the sign-in from the callback URL: finds the attempt of this tab that sent its `state`
   * (none: no token request at all), hands the callback to the token worker, which checks the IdP's
   * `error` and `iss` parameters, redeems the code with the PKCE verifier and validates the ID token
   * (signature, `iss`, `aud`, `exp`, `nonce`), then loads the user's profile from the API with the
   * new access token. When a silent re-authentication finds that the IdP needs the user, signs in
   * the usual way instead, back to the same page.
   *
   * @see [RFC 9700 §4.7 - CSRF](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.7)
   * @see [RFC 9207 - Authorization Server Issuer Identification](https://www.rfc-editor.org/rfc/rfc9207.html)
   * @see [OpenID Connect Core §3.1.3.7 - ID Token Validation](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
   */
  async complete(callbackUrl: URL): Promise<SignInOutcome> {
    this.store.signingIn();
    try {
      const attempt = takeSignInAttempt(this.storage, callbackUrl.searchParams.get('state'));
      const context = await this.authServer.load();
      const { as, config } = context;
      const dpop = await this.dpopKeyFor(context);
      const grant = await this.keeper
        .redeem({
          idp: { as, clientId: config.clientId },
          callbackUrl: callbackUrl.href,
          expectedState: attempt.state,
          codeVerifier: attempt.codeVerifier,
          expectedNonce: attempt.nonce,
          redirectUri: config.redirectUri,
          dpopKeyPair: dpop?.keyPair,
        })
        .catch((error: unknown) => {
          if (attempt.silent && needsTheUser(error)) return null;
          throw error;
        });
      if (grant === null) {
        await this.begin(attempt.returnUrl);
        return { kind: 'left-for-the-idp' };
      }
      const me = withDisplayName(await this.loadProfile(grant), grant.profile);
      noteSignInCompleted(this.storage);
      this.store.signedIn(grant, me);
      return { kind: 'signed-in', landing: landingPath(me.roles, safeReturnUrl(attempt.returnUrl, this.document.location.origin)) };
    } catch (error) {
      this.store.ended('failed');
      // The code may have been redeemed (the profile failed after): the worker then holds a refresh
      // token of a session that will not be used. Revoked, as at sign-out (RFC 7009); none, no request.
      void this.keeper.revoke().catch(() => undefined);
      throw error;
    }
  }

  private get storage(): Storage {
    return this.document.defaultView!.sessionStorage;
  }

  /**
   * This browser's DPoP key when the tokens are to be bound to it: the API takes bound tokens
   * (`OIDC_DPOP` not `off`) and the IdP advertises the algorithm (RFC 9449 §5.1). Otherwise none:
   * bearer tokens, as before DPoP.
   */
  private async dpopKeyFor({ config, as }: AuthServerContext): Promise<BrowserKey | null> {
    return usesDpop(config.dpop, as.dpop_signing_alg_values_supported) ? this.dpopKey.load() : null;
  }

  /**
   * `GET /api/me` with the token just issued (and its proof, if bound): the session is not in the
   * store yet, so nothing renews it.
   */
  private async loadProfile({ accessToken, dpopJkt }: TokenGrant): Promise<Me> {
    try {
      const context = new HttpContext().set(ISSUED_CREDENTIAL, { accessToken, dpopJkt });
      return await firstValueFrom(this.http.get<Me>(ApiPath.Me, { context }));
    } catch (cause) {
      throw new SignInError('profile_unavailable', 'GET /api/me failed', { cause });
    }
  }
}

/** The IdP answered a `prompt=none` request with an error that asks for the user. */
function needsTheUser(error: unknown): boolean {
  return error instanceof IdpRequestError && error.failure.kind === 'authorization_error' && INTERACTION_ERRORS.has(error.failure.error);
}
