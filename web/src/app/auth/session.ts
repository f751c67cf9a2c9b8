import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiPath, AppPath, type Me, type Role } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import { firstValueFrom } from 'rxjs';
import { AuthServer, type AuthServerContext } from './auth-server';
import { landingPath } from './landing';
import { safeReturnUrl } from './return-url';
import { saveSignInAttempt, takeSignInAttempt } from './sign-in-attempt';
import { SignInError } from './sign-in-error';

interface Tokens {
  readonly accessToken: string;
  /** When to treat the access token as expired, in ms since the epoch (`Infinity` if the IdP did not say). */
  readonly expiresAt: number;
  readonly idToken: string | undefined;
  readonly refreshToken: string | undefined;
}

/** Renew this long before the access token expires, so a request never leaves with a dying token. */
const RENEW_BEFORE_EXPIRY_MS = 30_000;

/**
 * The signed-in user and their tokens. Tokens live in this object's memory only: never in
 * `localStorage`, `sessionStorage` or a cookie (RFC 10017, token storage). A reload forgets them; the guards
 * then start a sign-in, which the IdP's own session answers without asking for the password.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly document = inject(DOCUMENT);
  private readonly http = inject(HttpClient);
  private readonly authServer = inject(AuthServer);
  private readonly tokens = signal<Tokens | null>(null);
  private readonly profile = signal<Me | null>(null);
  private renewal: Promise<string | null> | null = null;

  /** Who is signed in, as the API sees them (`GET /api/me`), or `null`. */
  readonly user = this.profile.asReadonly();
  readonly isSignedIn = computed(() => this.profile() !== null);

  /** Mirrors the API's role check for the user experience; the API still decides. */
  hasRole(role: Role): boolean {
    return this.profile()?.roles.includes(role) ?? false;
  }

  /**
   * Starts the Authorization Code flow with PKCE: makes the verifier, `state` and `nonce` here in the
   * browser, remembers them for the callback, and leaves for the IdP's authorization endpoint.
   *
   * @see [RFC 7636 - PKCE](https://www.rfc-editor.org/rfc/rfc7636.html)
   * @see [RFC 9700 §2.1.1](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.1.1)
   */
  async beginSignIn(returnUrl: string | null): Promise<void> {
    const { config, as } = await this.authServer.load();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const attempt = {
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      codeVerifier,
      returnUrl: safeReturnUrl(returnUrl, this.document.location.origin),
      createdAt: Date.now(),
    };
    saveSignInAttempt(this.document.defaultView!.sessionStorage, attempt);

    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: config.redirectUri,
      scope: config.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    // replace(): the page that sent us away must not be a Back-button trap that redirects again.
    this.document.location.replace(url.href);
  }

  /**
   * Finishes the sign-in from the callback URL: checks that it answers an attempt of this tab
   * (`state`), the IdP's `error` and `iss` parameters, redeems the code with the PKCE verifier,
   * validates the ID token (signature, `iss`, `aud`, `exp`, `nonce`) and loads the user's profile
   * from the API. Returns where the user should land. Makes no token request for an unknown `state`.
   *
   * @see [RFC 9207 - Authorization Server Issuer Identification](https://www.rfc-editor.org/rfc/rfc9207.html)
   * @see [OpenID Connect Core §3.1.3.7 - ID Token Validation](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
   */
  async completeSignIn(callbackUrl: URL): Promise<string> {
    const attempt = takeSignInAttempt(this.document.defaultView!.sessionStorage, callbackUrl.searchParams.get('state'));
    const context = await this.authServer.load();
    const { as, client, config, requestOptions } = context;
    const parameters = oauth.validateAuthResponse(as, client, callbackUrl, attempt.state);

    const response = await oauth
      .authorizationCodeGrantRequest(as, client, oauth.None(), parameters, config.redirectUri, attempt.codeVerifier, requestOptions)
      .catch((cause: unknown) => {
        throw new SignInError('token_endpoint_unreachable', 'The token request did not get an answer', { cause });
      });
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: attempt.nonce,
      requireIdToken: true,
    });
    await oauth.validateApplicationLevelSignature(as, response, requestOptions);
    this.tokens.set(tokensFrom(result, undefined));

    const me = await this.loadProfile();
    return landingPath(me.roles, safeReturnUrl(attempt.returnUrl, this.document.location.origin));
  }

  /**
   * The access token to send to the API, renewed first with the refresh token when it is about to
   * expire. Concurrent callers share one renewal: with refresh-token rotation, two renewals at once
   * would replay a used refresh token and the IdP would revoke the whole grant.
   */
  accessToken(): Promise<string | null> {
    const tokens = this.tokens();
    if (!tokens) return Promise.resolve(null);
    if (tokens.expiresAt - Date.now() > RENEW_BEFORE_EXPIRY_MS) return Promise.resolve(tokens.accessToken);
    this.renewal ??= this.renew(tokens).finally(() => (this.renewal = null));
    return this.renewal;
  }

  /**
   * Signs out everywhere this tab can: forgets the tokens, revokes the refresh token (RFC 7009) and
   * ends the IdP session (RP-initiated logout), which then sends the browser back to the app's home.
   *
   * @see [OpenID Connect RP-Initiated Logout 1.0](https://openid.net/specs/openid-connect-rpinitiated-1_0.html)
   */
  async signOut(): Promise<void> {
    const tokens = this.tokens();
    this.clear();
    const context = await this.authServer.load().catch(() => null);
    if (context && tokens?.refreshToken) await revoke(context, tokens.refreshToken);
    const endSession = context?.as.end_session_endpoint;
    if (!context || !endSession) {
      this.document.location.assign(AppPath.Home);
      return;
    }
    const url = new URL(endSession);
    url.searchParams.set('client_id', context.config.clientId);
    url.searchParams.set('post_logout_redirect_uri', context.config.postLogoutRedirectUri);
    if (tokens?.idToken) url.searchParams.set('id_token_hint', tokens.idToken);
    this.document.location.assign(url.href);
  }

  private async loadProfile(): Promise<Me> {
    try {
      const me = await firstValueFrom(this.http.get<Me>(ApiPath.Me));
      this.profile.set(me);
      return me;
    } catch (cause) {
      this.clear();
      throw new SignInError('profile_unavailable', 'GET /api/me failed', { cause });
    }
  }

  private async renew(tokens: Tokens): Promise<string | null> {
    if (!tokens.refreshToken) return tokens.expiresAt > Date.now() ? tokens.accessToken : null;
    try {
      const { as, client, requestOptions } = await this.authServer.load();
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken, requestOptions);
      const result = await oauth.processRefreshTokenResponse(as, client, response);
      const renewed = tokensFrom(result, tokens);
      this.tokens.set(renewed);
      return renewed.accessToken;
    } catch {
      this.clear();
      return null;
    }
  }

  private clear(): void {
    this.tokens.set(null);
    this.profile.set(null);
  }
}

function tokensFrom(result: oauth.TokenEndpointResponse, previous: Tokens | undefined): Tokens {
  return {
    accessToken: result.access_token,
    expiresAt: typeof result.expires_in === 'number' ? Date.now() + result.expires_in * 1000 : Number.POSITIVE_INFINITY,
    idToken: result.id_token ?? previous?.idToken,
    // RFC 6749 §6: the IdP may keep the old refresh token (no rotation) by not returning a new one.
    refreshToken: result.refresh_token ?? previous?.refreshToken,
  };
}

/** Best effort: sign-out goes on whether or not the IdP confirms the revocation. */
async function revoke(context: AuthServerContext, refreshToken: string): Promise<void> {
  if (!context.as.revocation_endpoint) return;
  try {
    const response = await oauth.revocationRequest(context.as, context.client, oauth.None(), refreshToken, {
      ...context.requestOptions,
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
  } catch {
    // The refresh token still expires on its own; the IdP session ends in the next step.
  }
}
