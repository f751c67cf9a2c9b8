import { Injectable, computed, signal } from '@angular/core';
import type { Me } from '@app/contracts';
import { expiryOf, renewalTimeOf } from './clock';
import type { SharedSession } from './session-channel';
import type { SignInProblem } from './sign-in-problem';
import type { TokenGrant } from './token-keeper-protocol';

/** Where the session is (see the state diagram in ARCHITECTURE.md). */
export type SessionState = 'signed-out' | 'signing-in' | 'signed-in' | 'renewing';

/**
 * How this tab gets a new access token before the current one expires: with the rotated refresh
 * token its worker holds, or, when the IdP gave it none, by a silent top-level re-authentication
 * (`prompt=none`) that comes back to the same page. Never a hidden iframe: browsers block the
 * third-party cookies it would need.
 */
export type RenewalStrategy = 'refresh-token' | 'silent-reauthentication';

/** The tab's access and ID tokens, and when the access token expires and is due for renewal. */
export interface Tokens {
  readonly accessToken: string;
  readonly receivedAt: number;
  /** When the access token expires, in ms since the epoch (`Infinity` if the IdP did not say). */
  readonly expiresAt: number;
  /** When to renew it (see clock.ts). */
  readonly renewAt: number;
  /** For RP-initiated logout's `id_token_hint`. */
  readonly idToken: string | undefined;
  /**
   * The thumbprint of this browser's DPoP key when the IdP bound the access token to it (RFC 9449):
   * every request to the API then carries a proof. The same for every token of a session.
   */
  readonly dpopJkt: string | undefined;
}

/** Who renewed the tokens last, and when. */
export interface Renewal {
  readonly at: number;
  readonly by: 'this tab' | 'another tab';
}

/** What changed in the store, for the flows that follow it (renewal timers, the other tabs, the console). */
export type SessionChange =
  | { readonly kind: 'signed-in' | 'renewed'; readonly by: Renewal['by']; readonly tokens: Tokens }
  /** `signed-out`: the user signed out here; `failed`: the session broke; `signed-out-elsewhere`: another tab signed out. */
  | { readonly kind: 'ended'; readonly why: 'signed-out' | 'failed' | 'signed-out-elsewhere' };

/**
 * The session's state in this tab, and nothing else: the signed-in user, the access and ID tokens
 * (in memory only; the refresh token lives in the token worker, token-keeper.ts), the renewal's
 * problem and history. The flows write here (sign-in-flow.ts, token-renewal.ts, tab-sync.ts,
 * session-end.ts); it calls none of them, and tells whoever follows it what changed. A reload
 * forgets everything; the guards then start a sign-in, which the IdP's own session answers without
 * a password.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly currentState = signal<SessionState>('signed-out');
  private readonly currentTokens = signal<Tokens | null>(null);
  private readonly profile = signal<Me | null>(null);
  private readonly holdsRefreshToken = signal(false);
  private readonly currentProblem = signal<SignInProblem | null>(null);
  private readonly latestRenewal = signal<Renewal | null>(null);
  private readonly endedElsewhere = signal(false);
  private readonly listeners = new Set<(change: SessionChange) => void>();
  private sessions = 0;

  readonly state = this.currentState.asReadonly();
  readonly tokens = this.currentTokens.asReadonly();
  /** Who is signed in, as the API sees them (`GET /api/me`), or `null`. */
  readonly user = this.profile.asReadonly();
  /** A problem the signed-in user should know about (the IdP cannot be reached…), or `null`. */
  readonly problem = this.currentProblem.asReadonly();
  readonly lastRenewal = this.latestRenewal.asReadonly();
  /** Whether this tab was signed out because another tab signed out. */
  readonly signedOutElsewhere = this.endedElsewhere.asReadonly();
  readonly renewalStrategy = computed<RenewalStrategy>(() => (this.holdsRefreshToken() ? 'refresh-token' : 'silent-reauthentication'));

  /** Counts sessions: a renewal that ends after its session did must not bring it back. */
  get generation(): number {
    return this.sessions;
  }

  /** Calls `listener` after each change; returns how to stop. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A sign-in is under way: leaving for the IdP, or reading its answer. */
  signingIn(): void {
    this.currentState.set('signing-in');
    this.endedElsewhere.set(false);
  }

  renewing(): void {
    this.currentState.set('renewing');
  }

  /** A renewal is over, whatever its outcome. */
  renewalOver(): void {
    if (this.currentState() === 'renewing') this.currentState.set(this.currentTokens() ? 'signed-in' : 'signed-out');
  }

  /** This tab signed in: the worker's grant, and the user as the API sees them. */
  signedIn(grant: TokenGrant, user: Me): void {
    const tokens = tokensOf(grant, undefined);
    this.currentTokens.set(tokens);
    this.holdsRefreshToken.set(grant.holdsRefreshToken);
    this.profile.set(user);
    this.currentState.set('signed-in');
    this.tell({ kind: 'signed-in', by: 'this tab', tokens });
  }

  /** This tab renewed its tokens. */
  renewed(grant: TokenGrant): void {
    const tokens = tokensOf(grant, this.currentTokens()?.idToken);
    this.currentTokens.set(tokens);
    this.holdsRefreshToken.set(grant.holdsRefreshToken);
    this.latestRenewal.set({ at: Date.now(), by: 'this tab' });
    this.tell({ kind: 'renewed', by: 'this tab', tokens });
  }

  /**
   * Another tab's session: its fresher tokens for this tab's user (`renewed`), or its sign-in, shown
   * in this signed-out tab (`signed-in`), which then holds no refresh token of its own.
   */
  adopted(shared: SharedSession, kind: 'signed-in' | 'renewed'): void {
    const tokens: Tokens = {
      accessToken: shared.accessToken,
      receivedAt: shared.receivedAt,
      expiresAt: shared.expiresAt,
      renewAt: renewalTimeOf(shared.receivedAt, shared.expiresAt),
      idToken: shared.idToken ?? this.currentTokens()?.idToken,
      dpopJkt: shared.dpopJkt,
    };
    this.currentTokens.set(tokens);
    if (kind === 'renewed') {
      this.latestRenewal.set({ at: Date.now(), by: 'another tab' });
    } else {
      this.profile.set(shared.user);
      this.endedElsewhere.set(false);
      this.currentState.set('signed-in');
    }
    this.tell({ kind, by: 'another tab', tokens });
  }

  /** What the user should know about the session now (`null`: nothing). */
  setProblem(problem: SignInProblem | null): void {
    this.currentProblem.set(problem);
  }

  /** Forgets the session. */
  ended(why: Extract<SessionChange, { kind: 'ended' }>['why']): void {
    this.sessions++;
    this.currentTokens.set(null);
    this.profile.set(null);
    this.holdsRefreshToken.set(false);
    this.currentProblem.set(null);
    this.latestRenewal.set(null);
    this.currentState.set('signed-out');
    this.endedElsewhere.set(why === 'signed-out-elsewhere');
    this.tell({ kind: 'ended', why });
  }

  /** What another tab may take: the access and ID tokens and the user (never a refresh token), or `null`. */
  shared(): SharedSession | null {
    const tokens = this.currentTokens();
    const user = this.profile();
    if (tokens === null || user === null) return null;
    const { accessToken, receivedAt, expiresAt, idToken, dpopJkt } = tokens;
    return { accessToken, receivedAt, expiresAt, idToken, dpopJkt, user };
  }

  private tell(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

/** The tokens of a grant the worker handed over now; a refresh without an ID token keeps the last one. */
function tokensOf(grant: TokenGrant, previousIdToken: string | undefined): Tokens {
  const receivedAt = Date.now();
  const expiresAt = expiryOf(grant.expiresIn, receivedAt);
  return {
    accessToken: grant.accessToken,
    receivedAt,
    expiresAt,
    renewAt: renewalTimeOf(receivedAt, expiresAt),
    idToken: grant.idToken ?? previousIdToken,
    dpopJkt: grant.dpopJkt,
  };
}
