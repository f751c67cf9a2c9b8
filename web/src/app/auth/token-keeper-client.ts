import { Injectable, InjectionToken, inject } from '@angular/core';
import { IdpRequestError, type IdpStep } from './idp-failure';
import { SignInError } from './sign-in-error';
import { startTokenKeeper } from './start-token-keeper';
import type { CodeRedemption, KeeperCommand, KeeperPort, KeeperReply, KeeperResults, TokenGrant } from './token-keeper-protocol';

/** Starts the token keeper and returns the port to talk to it: a dedicated Worker in the app. */
export const TOKEN_KEEPER_PORT = new InjectionToken<() => KeeperPort>('TOKEN_KEEPER_PORT', {
  providedIn: 'root',
  factory: () => startTokenKeeper,
});

/**
 * A worker that has not answered in this time is stuck: the IdP requests it makes time out sooner
 * (15 s, plus 5 s to tell a CORS refusal from an outage).
 */
const KEEPER_REPLY_TIMEOUT_MS = 30_000;

interface Pending {
  readonly resolve: (value: TokenGrant | null) => void;
  readonly reject: (error: Error) => void;
  readonly step: IdpStep;
}

/**
 * The page's side of the token worker: sends it commands and turns its replies back into values or
 * typed errors ({@link IdpRequestError}). The worker starts on first use, so pages that never sign
 * in never start it. The refresh token never crosses to this side.
 */
@Injectable({ providedIn: 'root' })
export class TokenKeeperClient {
  private readonly startPort = inject(TOKEN_KEEPER_PORT);
  private port: KeeperPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /**
   * The sign-in's one message: the worker validates the callback, redeems its code and keeps the
   * refresh token. It refuses an IdP other than the one it already talks to.
   */
  redeem(redemption: CodeRedemption): Promise<TokenGrant> {
    return this.send({ op: 'redeem', redemption }, 'sign-in');
  }

  /** New tokens from the refresh token the worker holds. */
  refresh(): Promise<TokenGrant> {
    return this.send({ op: 'refresh' }, 'renewal');
  }

  /** Revokes and forgets the refresh token; nothing to do if the worker never started. */
  revoke(): Promise<null> {
    if (!this.port) return Promise.resolve(null);
    return this.send({ op: 'revoke' }, 'revocation');
  }

  private send<C extends KeeperCommand>(command: C, step: IdpStep): Promise<KeeperResults[C['op']]> {
    let port: KeeperPort;
    try {
      port = this.connect();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const id = this.nextId++;
    return new Promise<KeeperResults[C['op']]>((resolve, reject) => {
      const timer = setTimeout(() => this.settle({ id, ok: false, failure: { kind: 'unexpected', message: 'The token worker did not answer.' } }), KEEPER_REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value as KeeperResults[C['op']])),
        reject: (error) => (clearTimeout(timer), reject(error)),
        step,
      });
      port.postMessage({ ...command, id });
    });
  }

  private connect(): KeeperPort {
    if (this.port) return this.port;
    let port: KeeperPort;
    try {
      port = this.startPort();
    } catch (cause) {
      throw new SignInError('token_keeper_unavailable', 'The token worker could not start', { cause });
    }
    port.addEventListener('message', (event) => this.settle(event.data as KeeperReply));
    (port as Partial<Worker>).addEventListener?.('error', () => this.failAll());
    this.port = port;
    return port;
  }

  private settle(reply: KeeperReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new IdpRequestError(reply.failure, pending.step));
  }

  /** The worker's script did not load or it crashed: nothing pending will be answered. */
  private failAll(): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new SignInError('token_keeper_unavailable', 'The token worker stopped'));
    }
    this.port = null;
  }
}
