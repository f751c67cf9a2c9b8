import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { SessionStore } from '../auth/session-store';
import { USER_DATA_PREFIX } from '../auth/user-data';
import type { Outbox } from './outbox';

/** What of an unsent message survives a reload: enough to post it again, with the same key. */
export interface KeptMessage {
  readonly key: string;
  readonly roomId: string;
  readonly body: string;
}

const PREFIX = `${USER_DATA_PREFIX}outbox.`;

/** The part of a message that is kept, and nothing else of it (its state, a stray field). */
const keptPart = ({ key, roomId, body }: KeptMessage): KeptMessage => ({ key, roomId, body });

/**
 * The messages this tab has not sent yet, kept in its `sessionStorage` (this tab only, gone when it
 * closes) under the signed-in user's `sub`, so that a reload loses none: the chat page posts them
 * again when it opens, each with its own `Idempotency-Key`, so one whose post was made before the
 * reload is not made twice. Kept as the user's data (auth/user-data.ts), so forgotten when the user
 * signs out, here or in another tab (not when a session fails: the same user signs in again and
 * the messages go). Never a token.
 */
@Injectable({ providedIn: 'root' })
export class OutboxMemory {
  private readonly store = inject(SessionStore);
  private readonly storage = storageOf(inject(DOCUMENT));

  /** The signed-in user's messages a reload left unsent, oldest first. */
  restore(): KeptMessage[] {
    const sub = this.store.user()?.sub;
    return sub === undefined ? [] : readKeptMessages(this.storage, sub);
  }

  /** Keeps what `outbox` holds for the signed-in user (nothing once signed out). */
  keep(outbox: Outbox): void {
    const sub = this.store.user()?.sub;
    if (sub !== undefined) writeKeptMessages(this.storage, sub, outbox);
  }
}

export function readKeptMessages(storage: Storage | null, sub: string): KeptMessage[] {
  let kept: unknown;
  try {
    kept = JSON.parse(storage?.getItem(PREFIX + sub) ?? '[]');
  } catch {
    return [];
  }
  return Array.isArray(kept) ? kept.filter(isKeptMessage).map(keptPart) : [];
}

/** An empty outbox removes the entry. A storage that refuses (full, or forbidden) keeps nothing, and the outbox works on. */
export function writeKeptMessages(storage: Storage | null, sub: string, outbox: Outbox): void {
  try {
    if (outbox.length === 0) storage?.removeItem(PREFIX + sub);
    else storage?.setItem(PREFIX + sub, JSON.stringify(outbox.map(keptPart)));
  } catch {
    // Nothing kept: a reload would lose these, as before.
  }
}

function isKeptMessage(value: unknown): value is KeptMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { key, roomId, body } = value as Record<string, unknown>;
  return typeof key === 'string' && key !== '' && typeof roomId === 'string' && roomId !== '' && typeof body === 'string' && body !== '';
}

/** This tab's `sessionStorage`, or null where merely reading it throws (the browser's settings forbid it). */
function storageOf(document: Document): Storage | null {
  try {
    return document.defaultView?.sessionStorage ?? null;
  } catch {
    return null;
  }
}
