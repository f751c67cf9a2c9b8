import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { backoffDelayMs } from '../network/backoff';
import { isReachable } from '../network/reachability';
import { AuthServer } from './auth-server';
import { IDP_RETRY_BACKOFF } from './clock';
import { IdpRequestError } from './idp-failure';
import { RenewalLock } from './renewal-lock';
import { SessionEnd } from './session-end';
import { SessionStore, type SessionChange, type Tokens } from './session-store';
import { SignInError } from './sign-in-error';
import { loadSignInProblem } from './sign-in-problem-words';
import { SignInFlow } from './sign-in-flow';
import { isSignInLooping } from './sign-in-loop';
import { TokenKeeperClient } from './token-keeper-client';

/**
 * How long a tab that waited for the renewal lock gives the other tab's tokens to arrive before it
 * renews itself (they are posted before that tab releases the lock, and usually arrive within
 * milliseconds; if that tab failed, nothing comes).
 */
const SHARED_RENEWAL_GRACE_MS = 1_000;

/** setTimeout's longest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Every access token this tab sends goes through here: {@link withAccessToken} is the one path of
 * the HTTP interceptor and of the chat's live stream. A token is renewed before it is due (on a
 * timer, when the tab comes back into view or the network comes back, before a call), one renewal
 * at a time for all callers and all tabs (renewal-lock.ts); the other tabs' renewals are taken
 * instead of making one (tab-sync.ts puts them in the store). With a refresh token the worker
 * renews; without one, a silent top-level re-authentication does. While the IdP cannot be reached,
 * the session stays, says so, and the renewal is retried with a backoff; a refusal ends the session.
 */
@Injectable({ providedIn: 'root' })
export class TokenRenewal {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly authServer = inject(AuthServer);
  private readonly keeper = inject(TokenKeeperClient);
  private readonly lock = inject(RenewalLock);
  private readonly store = inject(SessionStore);
  private readonly signIn = inject(SignInFlow);
  private readonly sessionEnd = inject(SessionEnd);

  private renewal: Promise<string | null> | null = null;
  private renewalTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  private retryNotBefore = 0;
  /** Set while this tab waits for the tokens of a renewal another tab made. */
  private sharedTokensArrived: (() => void) | null = null;

  constructor() {
    const stopFollowing = this.store.onChange((change) => this.follow(change));
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
      stopFollowing();
      this.document.removeEventListener('visibilitychange', onVisible);
      window?.removeEventListener('online', onOnline);
      this.stopTimers();
    });
  }

  /**
   * The one way a request gets its access token: `send` is called with the token (renewed first
   * when it is due; `null` when there is no session). When the API refuses it (401, RFC 6750 §3.1),
   * one renewal (shared by every refused call) and `send` once more with the new token; a second
   * 401 ends the session, which signs in again. Never a third request: no loop. A refusal that no
   * renewed token can answer (the IdP is down) goes to the caller as it came.
   */
  withAccessToken<T>(send: (token: string | null) => Observable<T>): Observable<T> {
    return from(this.accessToken()).pipe(
      switchMap((token) => {
        if (token === null) return send(null);
        return send(token).pipe(
          catchError((error: unknown) => (isTokenRefusal(error) ? this.sendAgain(send, token, error) : throwError(() => error))),
        );
      }),
    );
  }

  /**
   * The access token to send to the API, renewed first when it is due. Concurrent callers share one
   * renewal.
   */
  accessToken(): Promise<string | null> {
    const tokens = this.store.tokens();
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

  /** Renews now if the access token is due: after a timer, or when the tab comes back into view. */
  renewIfDue(trigger: 'timer' | 'wake'): void {
    const tokens = this.store.tokens();
    if (!tokens) return;
    if (Date.now() < tokens.renewAt) {
      this.scheduleRenewal(tokens);
      return;
    }
    // A silent re-authentication leaves the page: not while someone may be working in it, but when a
    // call needs a token or the user comes back to the tab.
    if (trigger === 'timer' && this.store.renewalStrategy() !== 'refresh-token') return;
    void this.renew(null);
  }

  /** Tries a failed renewal again at once (the network is back, or the user asked). */
  retryNow(): void {
    // A retry is due while `retryAttempt` counts failures (the problem's words may still be loading).
    if (!this.store.tokens() || this.retryAttempt === 0) return;
    this.retryNotBefore = 0;
    void this.renew(null);
  }

  private sendAgain<T>(send: (token: string | null) => Observable<T>, rejected: string, refusal: unknown): Observable<T> {
    return from(this.renewAfterRejection(rejected)).pipe(
      switchMap((renewed) => {
        if (renewed === null) return throwError(() => refusal);
        return send(renewed).pipe(
          catchError((error: unknown) => {
            if (isTokenRefusal(error)) this.sessionEnd.endRejectedSession(error);
            return throwError(() => error);
          }),
        );
      }),
    );
  }

  /** The store changed: new tokens are due at a new time; another tab's renewal ends a wait; an ended session stops everything. */
  private follow(change: SessionChange): void {
    if (change.kind === 'ended') {
      this.stopTimers();
      this.renewal = null;
      this.retryAttempt = 0;
      this.retryNotBefore = 0;
      return;
    }
    this.scheduleRenewal(change.tokens);
    if (change.by === 'another tab' && change.kind === 'renewed') {
      this.recovered();
      this.sharedTokensArrived?.();
    }
  }

  private renew(rejected: string | null): Promise<string | null> {
    this.renewal ??= this.runRenewal(rejected).finally(() => (this.renewal = null));
    return this.renewal;
  }

  private async runRenewal(rejected: string | null): Promise<string | null> {
    if (Date.now() < this.retryNotBefore) return this.usableToken(rejected);
    if (!this.store.tokens()) return null;
    this.store.renewing();
    try {
      const token = await this.lock.run((waited) => this.renewHoldingLock(rejected, waited));
      this.recovered();
      return token;
    } catch (error) {
      return this.renewalFailed(error, rejected);
    } finally {
      this.store.renewalOver();
    }
  }

  private async renewHoldingLock(rejected: string | null, waited: boolean): Promise<string | null> {
    // While this tab waited for the lock, another tab held it, most likely to renew: its tokens are
    // on their way (session-channel.ts). Give them a moment rather than make a second request.
    if (waited && this.stillNeeded(rejected)) await this.sharedTokensOrTimeout();
    const current = this.store.tokens();
    if (!current) return null;
    if (!this.stillNeeded(rejected)) return current.accessToken;
    if (this.store.renewalStrategy() !== 'refresh-token') return this.reauthenticate();
    const generation = this.store.generation;
    const renewed = await this.keeper.refresh();
    if (generation !== this.store.generation) return null;
    this.store.renewed(renewed);
    return renewed.accessToken;
  }

  /** Whether this tab still needs a renewal: its token is due, or is the one the API refused. */
  private stillNeeded(rejected: string | null): boolean {
    const current = this.store.tokens();
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
    const idpOrigin = new URL(as.authorization_endpoint!).origin;
    if (!(await isReachable(idpOrigin))) throw new IdpRequestError({ kind: 'unreachable', idpOrigin }, 'renewal');
    await this.signIn.begin(this.router.url, { silent: true });
    return new Promise<never>(() => undefined);
  }

  private renewalFailed(error: unknown, rejected: string | null): string | null {
    if (error instanceof IdpRequestError && error.isTransient) {
      // The IdP or the network is down: keep the session, say so, and try again later.
      this.scheduleRetry();
      // Its words come from a lazy chunk: shown unless the session recovered meanwhile.
      const attempt = this.retryAttempt;
      void loadSignInProblem(error, this.document.location.origin).then((problem) => {
        if (this.retryAttempt === attempt) this.store.setProblem(problem);
      });
      return this.usableToken(rejected);
    }
    const sessionEnded =
      error instanceof IdpRequestError && (error.failure.kind === 'no_refresh_token' || (error.failure.kind === 'refused' && error.failure.error === 'invalid_grant'));
    this.sessionEnd.endAfterFailure(error, { signInAgain: sessionEnded });
    return null;
  }

  /** The current token while it lives, unless it is the one the API just refused. */
  private usableToken(rejected: string | null): string | null {
    const tokens = this.store.tokens();
    if (!tokens || tokens.accessToken === rejected || Date.now() >= tokens.expiresAt) return null;
    return tokens.accessToken;
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
    this.store.setProblem(null);
    this.retryAttempt = 0;
    this.retryNotBefore = 0;
    clearTimeout(this.retryTimer);
  }

  private stopTimers(): void {
    clearTimeout(this.renewalTimer);
    clearTimeout(this.retryTimer);
  }

  private get storage(): Storage {
    return this.document.defaultView!.sessionStorage;
  }
}

/** The API refused the token (RFC 6750 §3.1: 401). */
export function isTokenRefusal(error: unknown): error is HttpErrorResponse {
  return error instanceof HttpErrorResponse && error.status === 401;
}
