import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { ChatApiPath, ChatEventType, ErrorCode, type ChatEvent } from '@app/contracts';
import { firstValueFrom, from } from 'rxjs';
import { ApiAuthorization } from '../auth/api-authorization';
import { Session } from '../auth/session';
import { TokenRenewal, isTokenRefusal } from '../auth/token-renewal';
import { backoffDelayMs, type Backoff } from '../network/backoff';
import { parseRetryAfter } from '../network/retry-after';
import { SseParser } from './sse-parser';
import { readBody, SILENCE_LIMIT_MS, toChatEvent } from './stream-body';

/** `fetch`, replaceable in tests. */
export const FETCH = new InjectionToken<typeof fetch>('fetch', { providedIn: 'root', factory: () => globalThis.fetch.bind(globalThis) });

/**
 * `connecting`: the first connection; `live`: events flow (after `ready`); `reconnecting`: the
 * stream was lost and is being opened again; `refused`: the API said no (403), nothing more is
 * tried; `too-many-tabs`: the server closed this tab's stream for a newer tab of the same user,
 * nothing more is tried until the user asks (`reconnectNow`); `idle`: no one listens.
 */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'refused' | 'too-many-tabs';

/**
 * Why the server asked to wait before the next attempt (its `Retry-After`): too many streams from
 * this network address (429 `too_many_streams`), the instance full (503 `streams_full`), or
 * another refusal that said how long to wait.
 */
export type StreamWait = 'too-many-streams' | 'server-full' | 'asked-to-wait';

export interface StreamEventContext {
  /** The stream was opened with `Last-Event-ID`: what came before `ready` was replayed, nothing was missed. */
  readonly resumed: boolean;
}

export type StreamListener = (event: ChatEvent, context: StreamEventContext) => void;

/** Waits before reconnecting after the n-th failure in a row: 1, 2, 4, 8, then 15 s, each less up to a fifth (jitter, so clients do not all come back at once). */
export const RECONNECT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 15_000, jitter: 0.2 };

/** How one connection ended; `evicted`: `too-many-streams`, with the server's limit. */
type Outcome =
  | 'planned'
  | 'failed'
  | 'refused'
  | 'session-ended'
  | { readonly kind: 'evicted'; readonly limit: number }
  | { readonly kind: 'told-to-wait'; readonly waitMs: number; readonly why: StreamWait };

/**
 * The chat's live stream: **one per tab**, shared by whoever listens (HTTP/1.1 allows about six
 * connections per origin). Read with `fetch` and the `Authorization` header, never `EventSource`
 * (which cannot send it) and never with a token in the URL.
 *
 * Each connection gets its token through the session's one token path, as every HTTP call does
 * (`TokenRenewal.withAccessToken`: renewed if due; a 401 renews once and tries again, a second
 * one ends the session). The stream resumes
 * with `Last-Event-ID`, so no event is missed across reconnects: at `token-expired` or a stream
 * closed after `ready` it reconnects at once, after a failure with a backoff (cut short when the
 * browser comes back online), no sooner than a 429 or 503's `Retry-After`. Closed for a newer tab
 * (`too-many-streams`), it waits for the user to take the live updates back.
 */
@Injectable({ providedIn: 'root' })
export class ChatStream {
  private readonly session = inject(Session);
  private readonly renewal = inject(TokenRenewal);
  private readonly authorization = inject(ApiAuthorization);
  private readonly fetch = inject(FETCH);
  private readonly document = inject(DOCUMENT);
  private readonly window = this.document.defaultView;
  private readonly listeners = new Set<StreamListener>();
  private readonly currentStatus = signal<StreamStatus>('idle');
  private readonly nextAttemptAt = signal<number | null>(null);
  private readonly waitReason = signal<StreamWait | null>(null);
  private readonly streamsPerUser = signal<number | null>(null);
  private running: AbortController | null = null;
  private wake: (() => void) | null = null;

  readonly status = this.currentStatus.asReadonly();
  /** While reconnecting: when the next attempt is made (ms since the epoch). */
  readonly retryAt = this.nextAttemptAt.asReadonly();
  /** While reconnecting because the server said to wait: why. */
  readonly waitingBecause = this.waitReason.asReadonly();
  /** With `too-many-tabs`: how many live tabs the server allows one user. */
  readonly tabLimit = this.streamsPerUser.asReadonly();

  /** Listens to the stream, opening it for the first listener. The function returned stops listening, and closes the stream after the last. */
  listen(listener: StreamListener): () => void {
    this.listeners.add(listener);
    if (this.running === null) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Tries again now instead of at the end of the backoff. */
  reconnectNow(): void {
    this.wake?.();
  }

  private start(): void {
    const running = new AbortController();
    this.running = running;
    const onOnline = () => this.reconnectNow();
    this.window?.addEventListener('online', onOnline);
    this.currentStatus.set('connecting');
    void this.follow(running.signal).finally(() => this.window?.removeEventListener('online', onOnline));
  }

  private stop(): void {
    this.running?.abort();
    this.running = null;
    this.wake?.();
    this.currentStatus.set('idle');
    this.nextAttemptAt.set(null);
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const position = { lastEventId: '' };
    let failures = 0;
    while (!signal.aborted) {
      const outcome = await this.connect(position, signal, () => (failures = 0));
      if (signal.aborted) return;
      if (outcome === 'refused' || outcome === 'session-ended') {
        this.currentStatus.set(outcome === 'refused' ? 'refused' : 'idle');
        return;
      }
      if (outcome === 'planned') continue;
      if (typeof outcome === 'object' && outcome.kind === 'evicted') {
        // Reconnecting by itself would close another tab's stream, which would do the same: wait for the user.
        this.streamsPerUser.set(outcome.limit);
        this.currentStatus.set('too-many-tabs');
        await this.pause(null, signal);
        this.currentStatus.set('connecting');
        continue;
      }
      failures++;
      this.currentStatus.set(this.currentStatus() === 'connecting' ? 'connecting' : 'reconnecting');
      const backoff = backoffDelayMs(failures, RECONNECT_BACKOFF);
      this.waitReason.set(typeof outcome === 'object' ? outcome.why : null);
      await this.pause(typeof outcome === 'object' ? Math.max(backoff, outcome.waitMs) : backoff, signal);
    }
  }

  /** One connection, from the request to the end of its body. */
  private async connect(position: { lastEventId: string }, signal: AbortSignal, onReady: () => void): Promise<Outcome> {
    const resumed = position.lastEventId !== '';
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal.addEventListener('abort', abort);
    try {
      // A server that takes the connection but never answers is as good as down.
      const headersTimer = setTimeout(abort, SILENCE_LIMIT_MS);
      const response = await this.open(position.lastEventId, connection.signal).finally(() => clearTimeout(headersTimer));
      if (!(response instanceof Response)) return response;
      let ready = false;
      let evicted: Outcome | null = null;
      const parser = new SseParser();
      const outcome = await readBody(response, parser, connection, (message) => {
        if (message.id !== undefined) position.lastEventId = parser.lastEventId;
        const event = toChatEvent(message);
        if (event === null) return 'continue';
        if (event.type === ChatEventType.TokenExpired) return 'stop';
        if (event.type === ChatEventType.TooManyStreams) {
          evicted = { kind: 'evicted', limit: event.data.limit };
          return 'stop';
        }
        if (event.type === ChatEventType.Ready) {
          ready = true;
          onReady();
          this.currentStatus.set('live');
          this.nextAttemptAt.set(null);
          this.waitReason.set(null);
        }
        for (const listener of this.listeners) listener(event, { resumed });
        return 'continue';
      });
      if (evicted !== null) return evicted;
      // `token-expired`, or a stream that ends after `ready` (a server restart, a proxy's limit): picked up at once.
      return outcome === 'stopped' || (outcome === 'ended' && ready) ? 'planned' : 'failed';
    } catch {
      return 'failed';
    } finally {
      signal.removeEventListener('abort', abort);
      connection.abort();
    }
  }

  /**
   * The request, through the session's one token path (`TokenRenewal.withAccessToken`): a token
   * with time left; a 401 renews once and tries again; a second ends the session.
   */
  private async open(lastEventId: string, signal: AbortSignal): Promise<Response | Exclude<Outcome, 'planned'>> {
    const answer = await firstValueFrom(this.renewal.withAccessToken((token) => from(this.request(token, lastEventId, signal)))).catch(
      (error: unknown) => {
        if (isTokenRefusal(error)) return null;
        throw error;
      },
    );
    // No token, or a refused one, while still signed in: the renewal failed (the IdP is down) and the
    // session says so; try again later. Signed out: the session ended.
    if (answer === null) return this.session.isSignedIn() ? 'failed' : 'session-ended';
    return answer;
  }

  /**
   * One request for the stream with `token`, and its DPoP proof when the token is bound (once more
   * if the API asks for its nonce, RFC 9449 §9); a 401 is thrown as the HTTP client would, with the
   * API's answer.
   */
  private async request(token: string | null, lastEventId: string, signal: AbortSignal, mayRetryForNonce = true): Promise<Response | Exclude<Outcome, 'planned' | 'session-ended'> | null> {
    if (token === null) return null;
    const prepared = await this.authorization.prepare(token, 'GET', new URL(ChatApiPath.Events, this.document.location.origin));
    const response = await this.fetch(ChatApiPath.Events, {
      headers: { Accept: 'text/event-stream', ...prepared.headers, ...(lastEventId === '' ? {} : { 'Last-Event-ID': lastEventId }) },
      cache: 'no-store',
      signal,
    });
    if ((await prepared.answered(response)) === 'use_dpop_nonce' && mayRetryForNonce) {
      await response.body?.cancel().catch(() => undefined);
      return this.request(token, lastEventId, signal, false);
    }
    if (response.ok && response.body !== null) return response;
    if (response.status === 401) {
      // The answer's `reason` says why the token was refused (see token-refusal.ts).
      const error: unknown = await response.json().catch(() => null);
      throw new HttpErrorResponse({ status: 401, statusText: response.statusText, url: ChatApiPath.Events, error });
    }
    const retryAfterS = parseRetryAfter(response.headers.get('Retry-After'));
    if ((response.status === 429 || response.status === 503) && retryAfterS !== null) {
      const body: unknown = await response.json().catch(() => null);
      return { kind: 'told-to-wait', waitMs: retryAfterS * 1000, why: waitReasonOf(body) };
    }
    await response.body?.cancel().catch(() => undefined);
    return response.status === 403 ? 'refused' : 'failed';
  }

  /** Waits `ms`, or with `null` until `reconnectNow`; either ends early when the stream is stopped. */
  private pause(ms: number | null, signal: AbortSignal): Promise<void> {
    this.nextAttemptAt.set(ms === null ? null : Date.now() + ms);
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = ms === null ? undefined : setTimeout(done, ms);
      this.wake = done;
      if (signal.aborted) done();
    });
  }
}

function waitReasonOf(body: unknown): StreamWait {
  const code = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (code === ErrorCode.TooManyStreams) return 'too-many-streams';
  if (code === ErrorCode.StreamsFull) return 'server-full';
  return 'asked-to-wait';
}
