import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { ChatEventType, normaliseMessageText, type ChatEvent, type ChatMessage, type CreatedMessage } from '@app/contracts';
import { Session } from '../auth/session';
import { describeApiFailure, type ApiFailure } from './api-failure';
import { ChatApi } from './chat-api';
import { ChatOutbox } from './chat-outbox';
import { ChatRooms } from './chat-rooms';
import { ChatStream, type StreamEventContext } from './chat-stream';
import { EMPTY_TIMELINE, applyCreated, applyDeleted, applyUpdated, newestMessage, withNewestPage, withOlderPage, type RoomTimeline } from './room-timeline';

/** How a room's history is loading. */
export interface HistoryStatus {
  readonly loadingNewest: boolean;
  readonly loadingOlder: boolean;
  readonly problem: ApiFailure | null;
}

const IDLE: HistoryStatus = { loadingNewest: false, loadingOlder: false, problem: null };

/** How much of a message a screen reader hears when it arrives. */
const ANNOUNCED_LENGTH = 200;

/**
 * The chat page's state: each room's timeline and history, the open room, drafts and read markers,
 * and the live stream's events, dispatched to the timelines, the room list (chat-rooms.ts) and the
 * messages being sent (chat-outbox.ts). Provided by the chat page, so it lives while the page does.
 *
 * Order of things (README "The chat API"): the stream opens first; at `ready` the rooms and the open
 * room's history load, and events apply by message id, so nothing shows twice and nothing is missed.
 */
@Injectable()
export class ChatState {
  private readonly api = inject(ChatApi);
  private readonly stream = inject(ChatStream);
  private readonly session = inject(Session);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly rooms = inject(ChatRooms);
  private readonly outbox = inject(ChatOutbox);

  private readonly timelines = signal<ReadonlyMap<string, RoomTimeline>>(new Map());
  private readonly histories = signal<ReadonlyMap<string, HistoryStatus>>(new Map());
  private readonly openName = signal<string | null>(null);
  private readonly clock = signal(Date.now());
  private readonly readUpTo = new Map<string, string>();
  private readonly drafts = new Map<string, string>();
  private loadGeneration = 0;
  private loadedOnce = false;

  readonly streamStatus = this.stream.status;
  readonly streamRetryAt = this.stream.retryAt;
  readonly streamWait = this.stream.waitingBecause;
  readonly tabLimit = this.stream.tabLimit;
  /** Ticks every second while something counts down (a retry, a reconnect). */
  readonly now = this.clock.asReadonly();
  readonly ownSub = computed(() => this.session.user()?.sub ?? null);

  /**
   * The room named in the address, once the rooms are loaded: `undefined` when there is no such
   * room, `null` while it is not known yet (not in the pages loaded: it is looked up by name).
   */
  readonly openRoom = computed(() => {
    const name = this.openName();
    if (name === null || this.rooms.rooms() === null) return null;
    const room = this.rooms.roomNamed(name);
    return room === null ? undefined : (room ?? null);
  });
  readonly openTimeline = computed(() => {
    const room = this.openRoom();
    return room ? (this.timelines().get(room.id) ?? EMPTY_TIMELINE) : EMPTY_TIMELINE;
  });
  readonly openHistory = computed(() => {
    const room = this.openRoom();
    return room ? (this.histories().get(room.id) ?? IDLE) : IDLE;
  });
  readonly openOutgoing = computed(() => {
    const room = this.openRoom();
    return room ? this.outbox.in(room.id) : [];
  });

  constructor() {
    const stopListening = this.stream.listen((event, context) => this.onEvent(event, context));
    const stopFollowingPosts = this.outbox.onPosted((message) => this.received(message));
    const ticker = setInterval(() => this.tick(), 1_000);
    inject(DestroyRef).onDestroy(() => {
      stopListening();
      stopFollowingPosts();
      clearInterval(ticker);
    });
    // The page's first load waits for `ready`; if the stream cannot open, load anyway, so the page is usable.
    effect(() => {
      const status = this.stream.status();
      if (this.stream.retryAt() !== null && status !== 'live' && !this.loadedOnce) untracked(() => void this.load({ fresh: false }));
    });
    // A room opened by its address that the pages loaded do not hold is asked for by name.
    effect(() => {
      const name = this.openName();
      if (name === null || this.rooms.rooms() === null || this.rooms.roomNamed(name) !== undefined) return;
      untracked(() => void this.rooms.lookUp(name));
    });
    // A room opened for the first time (or again after `reset`) loads its newest page; after a failure, the page offers a retry.
    effect(() => {
      const room = this.openRoom();
      if (!room || (this.timelines().get(room.id)?.loaded ?? false)) return;
      const history = this.histories().get(room.id) ?? IDLE;
      if (!history.loadingNewest && history.problem === null) untracked(() => void this.loadNewest(room.id));
    });
  }

  /** The room the address names (`?room=`), or `null`. */
  open(name: string | null): void {
    this.openName.set(name);
  }

  /** What the user was writing in a room, kept while the page is open (switching rooms loses nothing). */
  draftOf(roomId: string): string {
    return this.drafts.get(roomId) ?? '';
  }

  keepDraft(roomId: string, text: string): void {
    if (text === '') this.drafts.delete(roomId);
    else this.drafts.set(roomId, text);
  }

  reloadRooms(): void {
    void this.load({ fresh: false });
  }

  reconnectNow(): void {
    this.stream.reconnectNow();
  }

  async loadNewest(roomId: string): Promise<void> {
    if (this.histories().get(roomId)?.loadingNewest) return;
    this.setHistory(roomId, { loadingNewest: true, problem: null });
    const generation = this.loadGeneration;
    try {
      const page = await this.api.history(roomId);
      if (generation !== this.loadGeneration) return;
      this.updateTimeline(roomId, (timeline) => withNewestPage(timeline, page));
      this.setHistory(roomId, { loadingNewest: false });
    } catch (error) {
      this.setHistory(roomId, { loadingNewest: false, problem: describeApiFailure(error) });
    }
  }

  async loadOlder(roomId: string): Promise<void> {
    const timeline = this.timelines().get(roomId);
    const status = this.histories().get(roomId) ?? IDLE;
    if (!timeline?.loaded || timeline.olderCursor === null || status.loadingOlder || status.loadingNewest) return;
    this.setHistory(roomId, { loadingOlder: true, problem: null });
    try {
      const page = await this.api.history(roomId, timeline.olderCursor);
      this.updateTimeline(roomId, (current) => withOlderPage(current, page));
      this.setHistory(roomId, { loadingOlder: false });
    } catch (error) {
      this.setHistory(roomId, { loadingOlder: false, problem: describeApiFailure(error) });
    }
  }

  /** @throws {ApiFailure} */
  async edit(message: ChatMessage, text: string): Promise<void> {
    try {
      const edited = await this.api.editMessage(message.id, normaliseMessageText(text));
      this.updateTimeline(edited.roomId, (timeline) => applyUpdated(timeline, edited));
    } catch (error) {
      throw describeApiFailure(error);
    }
  }

  /** @throws {ApiFailure} */
  async delete(message: ChatMessage): Promise<void> {
    try {
      await this.api.deleteMessage(message.id);
      this.updateTimeline(message.roomId, (timeline) => applyDeleted(timeline, message.id));
    } catch (error) {
      throw describeApiFailure(error);
    }
  }

  /** The user can see the newest message of a room: its unread count goes, and the API hears of it. */
  markRead(roomId: string): void {
    const newest = newestMessage(this.timelines().get(roomId) ?? EMPTY_TIMELINE);
    if (newest === undefined || this.readUpTo.get(roomId) === newest.id) return;
    this.readUpTo.set(roomId, newest.id);
    this.rooms.read(roomId);
    this.api.markRead(roomId, newest.id).catch(() => this.readUpTo.delete(roomId));
  }

  private onEvent(event: ChatEvent, { resumed }: StreamEventContext): void {
    switch (event.type) {
      case ChatEventType.Ready:
        // A fresh stream starts at the log's head: load what came before it. A resumed one missed nothing.
        if (!resumed || !this.loadedOnce) void this.load({ fresh: false });
        this.outbox.serverIsBack();
        return;
      case ChatEventType.Reset:
        void this.load({ fresh: true });
        return;
      case ChatEventType.MessageCreated:
        return this.createdLive(event.data);
      case ChatEventType.MessageUpdated:
        return this.updateTimeline(event.data.roomId, (timeline) => applyUpdated(timeline, event.data), { onlyIfKnown: true });
      case ChatEventType.MessageDeleted:
        return this.updateTimeline(event.data.roomId, (timeline) => applyDeleted(timeline, event.data.id), { onlyIfKnown: true });
      case ChatEventType.RoomCreated:
        return this.rooms.added(event.data);
      case ChatEventType.TokenExpired:
      case ChatEventType.TooManyStreams:
        return;
    }
  }

  /** A `message.created` event: the echo of one of this tab's posts carries the post's key. */
  private createdLive(created: CreatedMessage): void {
    this.outbox.echoed(created);
    const { idempotencyKey: _key, ...message } = created;
    this.received(message);
  }

  /** A message made: shown once in its room (by id), counted in the room list, announced when someone else wrote it in the open room. */
  private received(message: ChatMessage): void {
    const own = message.author.sub === this.ownSub();
    const wasKnown = this.timelines().get(message.roomId)?.messages.some((known) => known.id === message.id) ?? false;
    this.updateTimeline(message.roomId, (timeline) => applyCreated(timeline, message));
    if (wasKnown) return;
    this.rooms.messageArrived(message, { unread: !own });
    if (!own && this.openRoom()?.id === message.roomId) {
      void this.announcer.announce($localize`:a new message, read by screen readers:${message.author.name}:author:: ${message.body.slice(0, ANNOUNCED_LENGTH)}:text:`, 'polite');
    }
  }

  /**
   * Loads the rooms and the open room's newest page. `fresh`: after `reset`, what is known may be
   * stale (events were missed), so every timeline starts again.
   */
  private async load({ fresh }: { fresh: boolean }): Promise<void> {
    this.loadedOnce = true;
    if (fresh) {
      this.loadGeneration++;
      this.timelines.set(new Map());
      this.histories.set(new Map());
      this.readUpTo.clear();
    }
    if (!(await this.rooms.load())) return;
    const room = this.openRoom();
    if (room && !fresh) void this.loadNewest(room.id);
  }

  private tick(): void {
    const counting = this.stream.retryAt() !== null || this.outbox.nextRetryAt() !== null;
    if (counting) this.clock.set(Date.now());
  }

  private updateTimeline(roomId: string, change: (timeline: RoomTimeline) => RoomTimeline, { onlyIfKnown = false } = {}): void {
    const current = this.timelines().get(roomId);
    if (current === undefined && onlyIfKnown) return;
    const next = change(current ?? EMPTY_TIMELINE);
    if (next === current) return;
    this.timelines.update((timelines) => new Map(timelines).set(roomId, next));
  }

  private setHistory(roomId: string, change: Partial<HistoryStatus>): void {
    this.histories.update((histories) => new Map(histories).set(roomId, { ...(histories.get(roomId) ?? IDLE), ...change }));
  }
}
