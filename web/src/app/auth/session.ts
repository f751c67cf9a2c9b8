import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiPath, AppPath, type Me, type PublicConfig, type Role } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import { firstValueFrom } from 'rxjs';
import { AuthServer } from './auth-server';
import { backoffDelayMs } from '../network/backoff';
import { isReachable } from '../network/reachability';
import { IDP_RETRY_BACKOFF, expiryOf, renewalTimeOf } from './clock';
import { withDisplayName } from './display-name';
import { IdpRequestError } from './idp-failure';
import { landingPath } from './landing';
import { RenewalLock } from './renewal-lock';
import { safeReturnUrl } from './return-url';
import { SessionChannel, type SessionMessage, type SharedSession } from './session-channel';
import { saveSignInAttempt, takeSignInAttempt } from './sign-in-attempt';
import { SignInError, describeSignInError, type SignInProblem } from './sign-in-error';
import { isSignInLooping, noteSignInCompleted } from './sign-in-loop';
import { TokenKeeperClient } from './token-keeper-client';
import { TopLevelNavigation } from './top-level-navigation';
import type { TokenGrant } from './token-keeper-protocol';

/**
 * Where to end the IdP session: its `end_session_endpoint` (RP-initiated logout, with
 * `id_token_hint`), else the vendor's own logout URL the server's preset gives (Auth0's
 * `/v2/logout`), else nowhere (`null`).
 */
function endSessionUrl(as: oauth.AuthorizationServer, config: PublicConfig, idToken: string | undefined): string | null {
  if (as.end_session_endpoint !== undefined) {
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    return url.href;
  }
  if (config.logoutFallback === undefined) return null;
  const url = new URL(config.logoutFallback.url);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set(config.logoutFallback.redirectParameter, config.postLogoutRedirectUri);
  return url.href;
}

/** Where the session is (see the state diagram in ARCHITECTURE.md). */
export type SessionState = 'signed-out' | 'signing-in' | 'signed-in' | 'renewing';

/**
 * How this tab gets a new access token before the current one expires: with the rotated refresh
 * token its worker holds, or, when the IdP gave it none, by a silent top-level re-authentication
 * (`prompt=none`) that comes back to the same page. Never a hidden iframe: browsers block the
 * third-party cookies it would need.
 */
export type RenewalStrategy = 'refresh-token' | 'silent-reauthentication';

interface Tokens {
  readonly accessToken: string;
  readonly receivedAt: number;
  /** When the access token expires, in ms since the epoch (`Infinity` if the IdP did not say). */
  readonly expiresAt: number;
  /** When to renew it (see clock.ts). */
  readonly renewAt: number;
  /** For RP-initiated logout's `id_token_hint`. */
  readonly idToken: string | undefined;
}

/** Who renewed the tokens last, and when. */
export interface Renewal {
  readonly at: number;
  readonly by: 'this tab' | 'another tab';
}

/** The end of a callback: signed in (go to `landing`), or the IdP wants the user for a silent attempt. */
export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly landing: string }
  | { readonly kind: 'interaction-required'; readonly returnUrl: string | null };

/** The IdP's answers to `prompt=none` that mean "the user must see me" (OpenID Connect Core §3.1.2.6). */
const INTERACTION_ERRORS = new Set(['login_required', 'interaction_required', 'consent_required', 'account_selection_required']);

/**
 * How long a tab that waited for the renewal lock gives the other tab's tokens to arrive before it
 * renews itself (they are posted before that tab releases the lock, and usually arrive within
 * milliseconds; if that tab failed, nothing comes).
 */
const SHARED_RENEWAL_GRACE_MS = 1_000;

/** setTimeout's longest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The signed-in user and the session's whole life in this tab: sign-in, renewal, sign-out, and
 * keeping step with the other tabs. Access and ID tokens live in this object's memory only; the
 * refresh token lives in the token worker (token-keeper.ts) and never in the page. A reload forgets
 * them; the guards then start a sign-in, which the IdP's own session answers without a password.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly document = inject(DOCUMENT);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly authServer = inject(AuthServer);
  private readonly keeper = inject(TokenKeeperClient);
  private readonly channel = inject(SessionChannel);
  private readonly lock = inject(RenewalLock);
  private readonly navigation = inject(TopLevelNavigation);

  private readonly currentState = signal<SessionState>('signed-out');
  private readonly tokens = signal<Tokens | null>(null);
  private readonly profile = signal<Me | null>(null);
  private readonly holdsRefreshToken = signal(false);
  private readonly currentProblem = signal<SignInProblem | null>(null);
  private readonly latestRenewal = signal<Renewal | null>(null);
  private readonly endedElsewhere = signal(false);
  private renewal: Promise<string | null> | null = null;
  private renewalTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  private retryNotBefore = 0;
  /** Counts sessions: a renewal that ends after its session did must not bring it back. */
  private generation = 0;
  /** Set while this tab waits for the tokens of a renewal another tab made. */
  private sharedTokensArrived: (() => void) | null = null;

  readonly state = this.currentState.asReadonly();
  /** Who is signed in, as the API sees them (`GET /api/me`), or `null`. */
  readonly user = this.profile.asReadonly();
  readonly isSignedIn = computed(() => this.profile() !== null);
  /** A problem the signed-in user should know about (the IdP cannot be reached…), or `null`. */
  readonly problem = this.currentProblem.asReadonly();
  readonly renewalStrategy = computed<RenewalStrategy>(() => (this.holdsRefreshToken() ? 'refresh-token' : 'silent-reauthentication'));
  readonly expiresAt = computed(() => this.tokens()?.expiresAt ?? null);
  readonly renewsAt = computed(() => this.tokens()?.renewAt ?? null);
  readonly lastRenewal = this.latestRenewal.asReadonly();
  /** Whether renewals are shared between tabs (Web Locks and BroadcastChannel both available). */
  readonly sharedAcrossTabs = this.lock.acrossTabs && this.channel.available;
  /** Whether this tab was signed out because another tab signed out. */
  readonly signedOutElsewhere = this.endedElsewhere.asReadonly();

  constructor() {
    const stopListening = this.channel.listen((message) => this.onTabMessage(message));
    // After sleep or a hidden spell, timers ran late or not at all: check before the next API call.
    const onVisible = () => this.document.visibilityState === 'visible' && this.renewIfDue('wake');
    const onOnline = () => {
      this.retryNow();
      onVisible();
    };
    const window = this.document.defaultView;
    this.document.addEventListener('visibilitychange', onVisible);
    window?.addEventListener('online', onOnline);
    inject(DestroyRef).onDestroy(() => {
      stopListening();
      this.document.removeEventListener('visibilitychange', onVisible);
      window?.removeEventListener('online', onOnline);
      this.stopTimers();
    });
  }

  /** Mirrors the API's role check for the user experience; the API still decides. */
  hasRole(role: Role): boolean {
    return this.profile()?.roles.includes(role) ?? false;
  }

  /**
   * Starts the Authorization Code flow with PKCE: makes the verifier, `state` and `nonce` here in the
   * browser, remembers them for the callback, and leaves for the IdP's authorization endpoint. A
   * `silent` attempt asks the IdP not to show anything (`prompt=none`).
   *
   * @see [RFC 7636 - PKCE](https://www.rfc-editor.org/rfc/rfc7636.html)
   * @see [RFC 9700 §2.1.1](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.1.1)
   * @see [OpenID Connect Core §3.1.2.1 - prompt](https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest)
   */
  async beginSignIn(returnUrl: string | null, { silent = false }: { silent?: boolean } = {}): Promise<void> {
    this.currentState.set('signing-in');
    this.endedElsewhere.set(false);
    const { config, as } = await this.authServer.load();
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
      ...(silent ? { prompt: 'none' } : {}),
    }).toString();
    this.navigation.replace(url.href);
  }

  /**
   * Finishes the sign-in from the callback URL: checks that it answers an attempt of this tab
   * (`state`), the IdP's `error` and `iss` parameters, has the token worker redeem the code with the
   * PKCE verifier and validate the ID token (signature, `iss`, `aud`, `exp`, `nonce`), and loads the
   * user's profile from the API. Makes no token request for an unknown `state`. Then tells the other
   * tabs, so signed-out ones show the user signed in.
   *
   * @see [RFC 9207 - Authorization Server Issuer Identification](https://www.rfc-editor.org/rfc/rfc9207.html)
   * @see [OpenID Connect Core §3.1.3.7 - ID Token Validation](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
   */
  async completeSignIn(callbackUrl: URL): Promise<SignInOutcome> {
    this.currentState.set('signing-in');
    try {
      const attempt = takeSignInAttempt(this.storage, callbackUrl.searchParams.get('state'));
      const { as, client, config } = await this.authServer.load();
      try {
        oauth.validateAuthResponse(as, client, callbackUrl, attempt.state);
      } catch (error) {
        if (attempt.silent && error instanceof oauth.AuthorizationResponseError && INTERACTION_ERRORS.has(error.error)) {
          return { kind: 'interaction-required', returnUrl: attempt.returnUrl };
        }
        throw error;
      }
      await this.keeper.configure({ as, clientId: config.clientId });
      const grant = await this.keeper.redeem({
        callbackUrl: callbackUrl.href,
        expectedState: attempt.state,
        codeVerifier: attempt.codeVerifier,
        expectedNonce: attempt.nonce,
        redirectUri: config.redirectUri,
      });
      const tokens = this.keep(grant, undefined);
      const me = withDisplayName(await this.loadProfile(), grant.profile);
      this.profile.set(me);
      noteSignInCompleted(this.storage);
      this.currentState.set('signed-in');
      this.announceStrategy();
      this.channel.post({ type: 'signed-in', session: this.share(tokens, me) });
      return { kind: 'signed-in', landing: landingPath(me.roles, safeReturnUrl(attempt.returnUrl, this.document.location.origin)) };
    } catch (error) {
      this.clear();
      throw error;
    }
  }

  /**
   * The access token to send to the API, renewed first when it is due. Concurrent callers share one
   * renewal.
   */
  accessToken(): Promise<string | null> {
    const tokens = this.tokens();
    if (!tokens) return Promise.resolve(null);
    if (Date.now() < tokens.renewAt) return Promise.resolve(tokens.accessToken);
    return this.renew(null);
  }

  /**
   * The API refused `rejected` (401): returns a renewed token for one retry, or `null` when there is
   * none (the IdP cannot be reached, or the session ended).
   */
  renewAfterRejection(rejected: string): Promise<string | null> {
    return this.renew(rejected);
  }

  /**
   * The API refused a freshly renewed token too: this session is no good. Ends it and signs in again,
   * back to this page (unless that is looping; see sign-in-loop.ts). A sign-in under way handles its
   * own failure. `refusal` is the API's answer, whose `reason` says what to fix.
   */
  endRejectedSession(refusal?: unknown): void {
    if (this.currentState() === 'signing-in' || !this.tokens()) return;
    this.endSession(new SignInError('session_rejected', 'The API refused a renewed access token', { cause: refusal }), { signInAgain: true });
  }

  /**
   * This tab's access and ID tokens as `npm run doctor -- --tokens` reads them, for a person who
   * chose to copy them from "About this session" to diagnose the IdP's settings. The app itself
   * never logs nor sends them anywhere but its own API.
   */
  tokensForDoctor(): string | null {
    const tokens = this.tokens();
    if (!tokens) return null;
    return [`access_token=${tokens.accessToken}`, ...(tokens.idToken ? [`id_token=${tokens.idToken}`] : [])].join('\n');
  }

  /** Renews now if the access token is due: after a timer, or when the tab comes back into view. */
  renewIfDue(trigger: 'timer' | 'wake'): void {
    const tokens = this.tokens();
    if (!tokens) return;
    if (Date.now() < tokens.renewAt) {
      this.scheduleRenewal(tokens);
      return;
    }
    // A silent re-authentication leaves the page: not while someone may be working in it, but when a
    // call needs a token or the user comes back to the tab.
    if (trigger === 'timer' && !this.holdsRefreshToken()) return;
    void this.renew(null);
  }

  /** Tries a failed renewal again at once (the network is back, or the user asked). */
  retryNow(): void {
    if (!this.tokens() || this.currentProblem() === null) return;
    this.retryNotBefore = 0;
    void this.renew(null);
  }

  /**
   * Signs out everywhere: forgets the tokens, tells the other tabs (which forget theirs), revokes the
   * refresh token (RFC 7009) and ends the IdP session (RP-initiated logout), which then sends the
   * browser back to the app's home.
   *
   * @see [RFC 7009](https://www.rfc-editor.org/rfc/rfc7009.html)
   * @see [OpenID Connect RP-Initiated Logout 1.0](https://openid.net/specs/openid-connect-rpinitiated-1_0.html)
   */
  async signOut(): Promise<void> {
    const tokens = this.tokens();
    this.clear();
    this.channel.post({ type: 'signed-out' });
    await this.keeper.revoke().catch(() => undefined);
    const context = await this.authServer.load().catch(() => null);
    const url = context === null ? null : endSessionUrl(context.as, context.config, tokens?.idToken);
    this.navigation.assign(url ?? AppPath.Home);
  }

  private get storage(): Storage {
    return this.document.defaultView!.sessionStorage;
  }

  private async loadProfile(): Promise<Me> {
    try {
      return await firstValueFrom(this.http.get<Me>(ApiPath.Me));
    } catch (cause) {
      throw new SignInError('profile_unavailable', 'GET /api/me failed', { cause });
    }
  }

  private renew(rejected: string | null): Promise<string | null> {
    this.renewal ??= this.runRenewal(rejected).finally(() => (this.renewal = null));
    return this.renewal;
  }

  private async runRenewal(rejected: string | null): Promise<string | null> {
    if (Date.now() < this.retryNotBefore) return this.usableToken(rejected);
    if (!this.tokens()) return null;
    this.currentState.set('renewing');
    try {
      const token = await this.lock.run((waited) => this.renewHoldingLock(rejected, waited));
      this.recovered();
      return token;
    } catch (error) {
      return this.renewalFailed(error, rejected);
    } finally {
      if (this.currentState() === 'renewing') this.currentState.set(this.tokens() ? 'signed-in' : 'signed-out');
    }
  }

  private async renewHoldingLock(rejected: string | null, waited: boolean): Promise<string | null> {
    // While this tab waited for the lock, another tab held it, most likely to renew: its tokens are
    // on their way (session-channel.ts). Give them a moment rather than make a second request.
    if (waited && this.stillNeeded(rejected)) await this.sharedTokensOrTimeout();
    const current = this.tokens();
    if (!current) return null;
    if (!this.stillNeeded(rejected)) return current.accessToken;
    if (!this.holdsRefreshToken()) return this.reauthenticate();
    const generation = this.generation;
    const renewed = await this.keeper.refresh();
    if (generation !== this.generation) return null;
    const tokens = this.keep(renewed, current);
    this.latestRenewal.set({ at: Date.now(), by: 'this tab' });
    const user = this.profile();
    if (user) this.channel.post({ type: 'renewed', session: this.share(tokens, user) });
    return tokens.accessToken;
  }

  /** Whether this tab still needs a renewal: its token is due, or is the one the API refused. */
  private stillNeeded(rejected: string | null): boolean {
    const current = this.tokens();
    if (!current) return false;
    return rejected === null ? Date.now() >= current.renewAt : current.accessToken === rejected;
  }

  private sharedTokensOrTimeout(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SHARED_RENEWAL_GRACE_MS);
      this.sharedTokensArrived = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.sharedTokensArrived = null));
  }

  /**
   * The silent strategy: a top-level `prompt=none` sign-in that comes back to this page. The IdP is
   * checked first: leaving for an IdP that is down would strand the user on the browser's error page.
   * Resolves never: the page is leaving.
   */
  private async reauthenticate(): Promise<never> {
    if (isSignInLooping(this.storage)) throw new SignInError('redirect_loop', 'A silent re-authentication did not last');
    const { as } = await this.authServer.load();
    const endpoint = new URL(as.authorization_endpoint!);
    const reachable = await isReachable(endpoint.origin);
    if (!reachable) throw new IdpRequestError({ kind: 'unreachable', idpOrigin: endpoint.origin }, 'renewal');
    await this.beginSignIn(this.router.url, { silent: true });
    return new Promise<never>(() => undefined);
  }

  private renewalFailed(error: unknown, rejected: string | null): string | null {
    if (error instanceof IdpRequestError && error.isTransient) {
      // The IdP or the network is down: keep the session, say so, and try again later.
      this.currentProblem.set(describeSignInError(error, this.document.location.origin));
      this.scheduleRetry();
      return this.usableToken(rejected);
    }
    const sessionEnded =
      error instanceof IdpRequestError && (error.failure.kind === 'no_refresh_token' || (error.failure.kind === 'refused' && error.failure.error === 'invalid_grant'));
    this.endSession(error, { signInAgain: sessionEnded });
    return null;
  }

  /** The current token while it lives, unless it is the one the API just refused. */
  private usableToken(rejected: string | null): string | null {
    const tokens = this.tokens();
    if (!tokens || tokens.accessToken === rejected || Date.now() >= tokens.expiresAt) return null;
    return tokens.accessToken;
  }

  /**
   * Ends this tab's session after a failure. When a new sign-in may help, goes to the sign-in page
   * with this page as the return URL, unless the last sign-in was moments ago (the redirect-loop
   * breaker): then, and for every other failure, shows the error page with the fix.
   */
  private endSession(error: unknown, { signInAgain }: { signInAgain: boolean }): void {
    const returnUrl = this.router.url;
    this.clear();
    const looping = signInAgain && isSignInLooping(this.storage);
    if (signInAgain && !looping) {
      void this.router.navigate([AppPath.SignIn], { queryParams: { returnUrl }, replaceUrl: true });
      return;
    }
    const cause = looping ? new SignInError('redirect_loop', 'The session failed right after a sign-in', { cause: error }) : error;
    const problem = describeSignInError(cause, this.document.location.origin);
    console.error('Session ended:', problem.code, error instanceof Error ? error.message : error);
    void this.router.navigateByUrl(AppPath.SignInError, { replaceUrl: true, state: { problem } });
  }

  private onTabMessage(message: SessionMessage): void {
    switch (message.type) {
      case 'signed-out':
        return this.signedOutByAnotherTab();
      case 'signed-in':
      case 'renewed':
        return this.sharedByAnotherTab(message);
    }
  }

  private signedOutByAnotherTab(): void {
    if (!this.tokens() && !this.profile()) return;
    this.clear();
    this.endedElsewhere.set(true);
    // This tab's refresh token is its own: revoke it too (the IdP may have revoked the grant already).
    void this.keeper.revoke().catch(() => undefined);
    void this.router.navigateByUrl(AppPath.Home, { replaceUrl: true });
  }

  private sharedByAnotherTab(message: Extract<SessionMessage, { session: SharedSession }>): void {
    const { session } = message;
    const current = this.tokens();
    const user = this.profile();
    if (current && user) {
      // Same user, fresher tokens: use them, and skip this tab's own renewal.
      if (session.user.sub !== user.sub || session.expiresAt <= current.expiresAt) return;
      this.adopt(session);
      this.latestRenewal.set({ at: Date.now(), by: 'another tab' });
      this.recovered();
      this.sharedTokensArrived?.();
      return;
    }
    if (message.type !== 'signed-in' || this.currentState() !== 'signed-out') return;
    // Signed in in another tab: show it here too. This tab holds no refresh token of its own; it uses
    // the other tabs' renewals, or renews by silent re-authentication.
    this.adopt(session);
    this.profile.set(session.user);
    this.endedElsewhere.set(false);
    this.currentState.set('signed-in');
    this.announceStrategy();
    if (this.router.url === AppPath.Home) void this.router.navigateByUrl(landingPath(session.user.roles, null), { replaceUrl: true });
  }

  private keep(grant: TokenGrant, previous: Tokens | undefined): Tokens {
    const receivedAt = Date.now();
    const expiresAt = expiryOf(grant.expiresIn, receivedAt);
    const tokens: Tokens = {
      accessToken: grant.accessToken,
      receivedAt,
      expiresAt,
      renewAt: renewalTimeOf(receivedAt, expiresAt),
      idToken: grant.idToken ?? previous?.idToken,
    };
    this.tokens.set(tokens);
    this.holdsRefreshToken.set(grant.holdsRefreshToken);
    this.scheduleRenewal(tokens);
    return tokens;
  }

  private adopt(session: SharedSession): void {
    const tokens: Tokens = {
      accessToken: session.accessToken,
      receivedAt: session.receivedAt,
      expiresAt: session.expiresAt,
      renewAt: renewalTimeOf(session.receivedAt, session.expiresAt),
      idToken: session.idToken ?? this.tokens()?.idToken,
    };
    this.tokens.set(tokens);
    this.scheduleRenewal(tokens);
  }

  private share(tokens: Tokens, user: Me): SharedSession {
    const { accessToken, receivedAt, expiresAt, idToken } = tokens;
    return { accessToken, receivedAt, expiresAt, idToken, user };
  }

  private scheduleRenewal(tokens: Tokens): void {
    clearTimeout(this.renewalTimer);
    if (!Number.isFinite(tokens.renewAt)) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, tokens.renewAt - Date.now()));
    this.renewalTimer = setTimeout(() => this.renewIfDue('timer'), delay);
  }

  private scheduleRetry(): void {
    const delay = backoffDelayMs(++this.retryAttempt, IDP_RETRY_BACKOFF);
    this.retryNotBefore = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.retryNow(), delay);
  }

  private recovered(): void {
    this.currentProblem.set(null);
    this.retryAttempt = 0;
    this.retryNotBefore = 0;
    clearTimeout(this.retryTimer);
  }

  /** Says in the console how this tab will renew (also shown under "Session" in the header). */
  private announceStrategy(): void {
    console.debug(`Session: renewal by ${this.renewalStrategy()}${this.sharedAcrossTabs ? ', shared between tabs' : ''}.`);
  }

  private clear(): void {
    this.generation++;
    this.stopTimers();
    this.renewal = null;
    this.tokens.set(null);
    this.profile.set(null);
    this.holdsRefreshToken.set(false);
    this.currentProblem.set(null);
    this.latestRenewal.set(null);
    this.retryAttempt = 0;
    this.retryNotBefore = 0;
    this.currentState.set('signed-out');
  }

  private stopTimers(): void {
    clearTimeout(this.renewalTimer);
    clearTimeout(this.retryTimer);
  }
}
