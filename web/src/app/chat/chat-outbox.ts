import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { normaliseMessageText, type ChatMessage, type CreatedMessage } from '@app/contracts';
import { describeApiFailure } from './api-failure';
import { ChatApi } from './chat-api';
import { OutboxMemory } from './outbox-memory';
import {
  discardMessage,
  dueForRetry,
  messageSent,
  nextRetryAt,
  noteEcho,
  outgoingIn,
  queueMessage,
  retryMessage,
  retryUnreachableNow,
  sendFailed,
  type OutgoingMessage,
  type Outbox,
} from './outbox';

/**
 * The messages this tab is sending (the state machine is outbox.ts): each shows at once, is posted
 * with its own `Idempotency-Key`, one at a time and in order, and is retried by itself after a
 * network failure, a 5xx or a 429, or by the user. Those not sent yet are kept for a reload
 * (outbox-memory.ts), and posted again, with their keys, when the chat page opens. Provided by the
 * chat page.
 */
@Injectable()
export class ChatOutbox {
  private readonly api = inject(ChatApi);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly pending = signal<Outbox>([]);
  private readonly postedListeners = new Set<(message: ChatMessage) => void>();
  private sending: Promise<void> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Every message not sent yet, oldest first. */
  readonly messages = this.pending.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.retryTimer));
    const memory = inject(OutboxMemory);
    for (const kept of memory.restore()) {
      this.pending.update((outbox) => queueMessage(outbox, kept, Date.now()));
      this.post(kept.key);
    }
    effect(() => memory.keep(this.pending()));
  }

  /** Calls `listener` with each message the API made for a post of this tab; returns how to stop. */
  onPosted(listener: (message: ChatMessage) => void): () => void {
    this.postedListeners.add(listener);
    return () => this.postedListeners.delete(listener);
  }

  /** Sends a message, showing it at once as "sending"; it stays, marked, until it is sent or discarded. */
  send(roomId: string, text: string): void {
    const key = crypto.randomUUID();
    this.pending.update((outbox) => queueMessage(outbox, { key, roomId, body: normaliseMessageText(text) }, Date.now()));
    this.post(key);
  }

  /** Sends a message that was not sent again, with the same `Idempotency-Key`. */
  retry(key: string): void {
    this.pending.update((outbox) => retryMessage(outbox, key));
    this.post(key);
  }

  discard(key: string): void {
    this.pending.update((outbox) => discardMessage(outbox, key));
  }

  /** What a room shows of the messages being sent. */
  in(roomId: string): OutgoingMessage[] {
    return outgoingIn(this.pending(), roomId);
  }

  /** When the next automatic retry is due, if any. */
  nextRetryAt(): number | null {
    return nextRetryAt(this.pending());
  }

  /** The live stream showed a message: if it is one of this tab's posts (by its key), that post hides. */
  echoed(message: CreatedMessage): void {
    this.pending.update((outbox) => noteEcho(outbox, message));
  }

  /** The server is reachable again (the stream is back): what failed for want of it is retried now. */
  serverIsBack(): void {
    this.pending.update((outbox) => retryUnreachableNow(outbox, Date.now()));
    this.scheduleRetries();
  }

  private post(key: string): void {
    this.sending = this.sending.then(() => this.attemptPost(key));
  }

  private async attemptPost(key: string): Promise<void> {
    const message = this.pending().find((outgoing) => outgoing.key === key);
    if (message === undefined || message.status.kind !== 'sending') return;
    try {
      const posted = await this.api.postMessage(message.roomId, message.body, key);
      this.pending.update((outbox) => messageSent(outbox, key));
      for (const listener of [...this.postedListeners]) listener(posted);
    } catch (error) {
      const failure = describeApiFailure(error);
      this.pending.update((outbox) => sendFailed(outbox, key, failure, Date.now()));
      void this.announcer.announce($localize`Message not sent. ${failure.message}:reason:`, 'polite');
      this.scheduleRetries();
    }
  }

  private scheduleRetries(): void {
    clearTimeout(this.retryTimer);
    const at = nextRetryAt(this.pending());
    if (at === null) return;
    this.retryTimer = setTimeout(() => {
      for (const message of dueForRetry(this.pending(), Date.now())) this.retry(message.key);
      this.scheduleRetries();
    }, Math.max(0, at - Date.now()));
  }
}
