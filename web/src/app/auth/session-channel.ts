import { Injectable, type OnDestroy } from '@angular/core';
import type { Me } from '@app/contracts';

/**
 * What one tab tells the others about the session: access and ID tokens and the profile, which live
 * in every tab's memory anyway. Never a refresh token: each tab's stays in its own worker.
 */
export interface SharedSession {
  readonly accessToken: string;
  /** When the access token was obtained and when it expires, in ms since the epoch (one clock for every tab). */
  readonly receivedAt: number;
  readonly expiresAt: number;
  readonly idToken: string | undefined;
  /** The DPoP key the access token is bound to: every tab of this browser holds the same key (IndexedDB). */
  readonly dpopJkt: string | undefined;
  readonly user: Me;
}

export type SessionMessage =
  /** A tab signed in: signed-out tabs show it too. */
  | { readonly type: 'signed-in'; readonly session: SharedSession }
  /** A tab renewed the tokens: the others use them instead of renewing themselves. */
  | { readonly type: 'renewed'; readonly session: SharedSession }
  /** A tab signed out: every tab forgets the session. */
  | { readonly type: 'signed-out' };

export const SESSION_CHANNEL_NAME = 'teamspace.session';

/**
 * The tabs' common line (BroadcastChannel: same origin only, never sent over the network). A browser
 * without it leaves every tab on its own.
 */
@Injectable({ providedIn: 'root' })
export class SessionChannel implements OnDestroy {
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(SESSION_CHANNEL_NAME) : null;

  readonly available = this.channel !== null;

  post(message: SessionMessage): void {
    this.channel?.postMessage(message);
  }

  ngOnDestroy(): void {
    this.channel?.close();
  }

  /** Calls `handler` with each message from the other tabs (never this tab's own); returns how to stop. */
  listen(handler: (message: SessionMessage) => void): () => void {
    const channel = this.channel;
    if (!channel) return () => undefined;
    const listener = (event: MessageEvent) => {
      if (isSessionMessage(event.data)) handler(event.data);
    };
    channel.addEventListener('message', listener);
    return () => channel.removeEventListener('message', listener);
  }
}

function isSessionMessage(value: unknown): value is SessionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, session } = value as { type?: unknown; session?: unknown };
  if (type === 'signed-out') return true;
  return (type === 'signed-in' || type === 'renewed') && isSharedSession(session);
}

function isSharedSession(value: unknown): value is SharedSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const user = v['user'] as Record<string, unknown> | null | undefined;
  return (
    typeof v['accessToken'] === 'string' &&
    typeof v['receivedAt'] === 'number' &&
    typeof v['expiresAt'] === 'number' &&
    (v['idToken'] === undefined || typeof v['idToken'] === 'string') &&
    (v['dpopJkt'] === undefined || typeof v['dpopJkt'] === 'string') &&
    typeof user === 'object' && user !== null &&
    typeof user['sub'] === 'string' && typeof user['name'] === 'string' && Array.isArray(user['roles'])
  );
}
