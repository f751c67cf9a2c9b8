import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { AppPath, type PublicConfig } from '@app/contracts';
import type * as oauth from 'oauth4webapi';
import { appLocale } from '../locale/app-locale';
import { AuthServer } from './auth-server';
import { DpopKey } from './dpop-key';
import { SessionStore } from './session-store';
import { SignInError } from './sign-in-error';
import { loadSignInProblem } from './sign-in-problem-words';
import { isSignInLooping } from './sign-in-loop';
import { TokenKeeperClient } from './token-keeper-client';
import { TopLevelNavigation } from './top-level-navigation';
import { forgetUserData } from './user-data';

/**
 * Every way a session ends in this tab: the user signs out, the session fails (the IdP refuses the
 * refresh token, the API refuses a renewed token), or another tab signed out. Each forgets the
 * tokens (the store tells the other tabs when the user signed out here), revokes the refresh token
 * the worker holds, and goes where it should.
 */
@Injectable({ providedIn: 'root' })
export class SessionEnd {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly authServer = inject(AuthServer);
  private readonly keeper = inject(TokenKeeperClient);
  private readonly navigation = inject(TopLevelNavigation);
  private readonly store = inject(SessionStore);
  private readonly dpopKey = inject(DpopKey);

  /**
   * Signs out everywhere: forgets the tokens and the user's data in this tab (user-data.ts), tells
   * the other tabs (which forget theirs), revokes the refresh token (RFC 7009), deletes this
   * browser's DPoP key (the next sign-in binds its tokens to a new one) and ends the IdP session
   * (RP-initiated logout), which then sends the browser back to the app's home.
   *
   * @see [RFC 7009](https://www.rfc-editor.org/rfc/rfc7009.html)
   * @see [OpenID Connect RP-Initiated Logout 1.0](https://openid.net/specs/openid-connect-rpinitiated-1_0.html)
   */
  async signOut(): Promise<void> {
    const idToken = this.store.tokens()?.idToken;
    this.store.ended('signed-out');
    forgetUserData(this.storage);
    await this.keeper.revoke().catch(() => undefined);
    await this.dpopKey.forget();
    const context = await this.authServer.load().catch(() => null);
    const url = context === null ? null : endSessionUrl(context.as, context.config, idToken);
    this.navigation.assign(url ?? AppPath.Home);
  }

  /**
   * The API refused a freshly renewed token too: this session is no good. Ends it and signs in again,
   * back to this page (unless that is looping; see sign-in-loop.ts). A sign-in under way handles its
   * own failure. `refusal` is the API's answer, whose `reason` says what to fix.
   */
  endRejectedSession(refusal?: unknown): void {
    if (this.store.state() === 'signing-in' || !this.store.tokens()) return;
    this.endAfterFailure(new SignInError('session_rejected', 'The API refused a renewed access token', { cause: refusal }), { signInAgain: true });
  }

  /**
   * Ends this tab's session after a failure. The refresh token the worker holds is revoked, as at
   * sign-out (RFC 7009): a session given up on must not leave a live grant behind. When a new
   * sign-in may help, goes to the sign-in page with this page as the return URL, unless the last
   * sign-in was moments ago (the redirect-loop breaker): then, and for every other failure, shows
   * the error page with the fix.
   *
   * @see [RFC 7009](https://www.rfc-editor.org/rfc/rfc7009.html)
   */
  endAfterFailure(error: unknown, { signInAgain }: { signInAgain: boolean }): void {
    const returnUrl = this.router.url;
    this.store.ended('failed');
    void this.keeper.revoke().catch(() => undefined);
    const looping = signInAgain && isSignInLooping(this.storage);
    if (signInAgain && !looping) {
      void this.router.navigate([AppPath.SignIn], { queryParams: { returnUrl }, replaceUrl: true });
      return;
    }
    const cause = looping ? new SignInError('redirect_loop', 'The session failed right after a sign-in', { cause: error }) : error;
    void loadSignInProblem(cause, this.document.location.origin).then((problem) => {
      console.error('Session ended:', problem.code, error instanceof Error ? error.message : error);
      return this.router.navigateByUrl(AppPath.SignInError, { replaceUrl: true, state: { problem } });
    });
  }

  /** Another tab signed out: forget this tab's session too, revoke its own refresh token, and go home saying why. */
  endedByAnotherTab(): void {
    // The user's data in this tab goes too, whether or not this tab was signed in at that moment.
    forgetUserData(this.storage);
    if (!this.store.tokens() && !this.store.user()) return;
    this.store.ended('signed-out-elsewhere');
    // This tab's refresh token is its own: revoke it too (the IdP may have revoked the grant already).
    void this.keeper.revoke().catch(() => undefined);
    // That tab deleted the key: the next sign-in here reads the new one.
    this.dpopKey.drop();
    void this.router.navigateByUrl(AppPath.Home, { replaceUrl: true });
  }

  private get storage(): Storage {
    return this.document.defaultView!.sessionStorage;
  }
}

/**
 * Where to end the IdP session: its `end_session_endpoint` (RP-initiated logout, with
 * `id_token_hint`), else the vendor's own logout URL the server's preset gives (Auth0's
 * `/v2/logout`), else nowhere (`null`).
 *
 * @see [OpenID Connect RP-Initiated Logout 1.0 §2](https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout)
 */
export function endSessionUrl(as: oauth.AuthorizationServer, config: PublicConfig, idToken: string | undefined): string | null {
  if (as.end_session_endpoint !== undefined) {
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('ui_locales', appLocale().language);
    return url.href;
  }
  if (config.logoutFallback === undefined) return null;
  const url = new URL(config.logoutFallback.url);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set(config.logoutFallback.redirectParameter, config.postLogoutRedirectUri);
  return url.href;
}
