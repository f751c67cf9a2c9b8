import { Injectable, computed, inject, signal } from '@angular/core';
import type { ChatMessage, ChatRoom, CreateRoom } from '@app/contracts';
import { describeApiFailure, type ApiFailure } from './api-failure';
import { ChatApi } from './chat-api';
import { withPage, withRoom, withRoomActivity } from './room-list-updates';

/**
 * The room list of the chat page: loaded a page at a time (the user's own rooms first), more as it
 * scrolls, or the rooms whose name holds a search; kept current by the live stream (new rooms,
 * each room's latest activity and unread count). A room opened by its address but not in the pages
 * loaded is looked up by name. Provided by the chat page.
 */
@Injectable()
export class ChatRooms {
  private readonly api = inject(ChatApi);
  private readonly roomList = signal<readonly ChatRoom[] | null>(null);
  private readonly cursor = signal<string | null>(null);
  private readonly query = signal('');
  private readonly loadingMore = signal(false);
  private readonly failure = signal<ApiFailure | null>(null);
  /** Rooms looked up by name: the room, or `null` when there is none. */
  private readonly named = signal<ReadonlyMap<string, ChatRoom | null>>(new Map());
  private generation = 0;

  /** The rooms loaded so far, in the API's order, or `null` until the first page. */
  readonly rooms = this.roomList.asReadonly();
  readonly problem = this.failure.asReadonly();
  /** The search the list shows (empty: every room). */
  readonly search = this.query.asReadonly();
  readonly hasMore = computed(() => this.cursor() !== null);
  readonly loadingMoreRooms = this.loadingMore.asReadonly();

  /**
   * Loads the first page (of the search, if any) afresh, forgetting the rooms looked up by name;
   * `false` when that failed (the page then offers a retry).
   */
  async load(): Promise<boolean> {
    this.named.set(new Map());
    return this.loadFirstPage();
  }

  private async loadFirstPage(): Promise<boolean> {
    const generation = ++this.generation;
    this.failure.set(null);
    try {
      const page = await this.api.listRooms({ q: this.query() });
      if (generation !== this.generation) return true;
      this.roomList.set(page.rooms);
      this.cursor.set(page.nextCursor);
      return true;
    } catch (error) {
      if (generation === this.generation) this.failure.set(describeApiFailure(error));
      return false;
    }
  }

  /** Loads the next page, when there is one and none is loading. */
  async loadMore(): Promise<void> {
    const after = this.cursor();
    if (after === null || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const page = await this.api.listRooms({ after, q: this.query() });
      if (generation !== this.generation) return;
      this.roomList.update((rooms) => withPage(rooms ?? [], page.rooms));
      this.cursor.set(page.nextCursor);
    } catch (error) {
      if (generation === this.generation) this.failure.set(describeApiFailure(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  /** Shows the rooms whose name holds `text` (lower-cased), or every room for an empty one. */
  async searchFor(text: string): Promise<void> {
    const q = text.trim().toLowerCase();
    if (q === this.query()) return;
    this.query.set(q);
    await this.loadFirstPage();
  }

  /** The room named `name`: the room, `null` when there is no such room, `undefined` while not known. */
  roomNamed(name: string): ChatRoom | null | undefined {
    return this.roomList()?.find((room) => room.name === name) ?? this.named().get(name);
  }

  /** Asks the API for a room the pages loaded do not hold. */
  async lookUp(name: string): Promise<void> {
    if (this.named().has(name)) return;
    try {
      const room = await this.api.findRoom(name);
      this.named.update((named) => new Map(named).set(name, room));
    } catch (error) {
      this.failure.set(describeApiFailure(error));
    }
  }

  /** Creates a room. @throws {ApiFailure} with the API's message (400, 409, 429…). */
  async create(room: CreateRoom): Promise<ChatRoom> {
    try {
      const created = await this.api.createRoom(room);
      this.added(created);
      return created;
    } catch (error) {
      throw describeApiFailure(error);
    }
  }

  /** A room someone made (`room.created`), or this user. */
  added(room: ChatRoom): void {
    const shown = this.query() === '' || room.name.includes(this.query());
    if (shown) this.roomList.update((rooms) => (rooms === null ? null : withRoom(rooms, room, { complete: !this.hasMore() })));
    if (!this.roomList()?.some((known) => known.id === room.id)) this.named.update((named) => new Map(named).set(room.name, room));
  }

  /** A new message in a room; `unread` when someone else wrote it. */
  messageArrived(message: ChatMessage, { unread }: { unread: boolean }): void {
    this.change((room) => withRoomActivity(room, message, { unread }));
  }

  /** The user saw the newest message of a room. */
  read(roomId: string): void {
    this.change((room) => (room.id === roomId ? { ...room, unread: 0 } : room));
  }

  private change(update: (room: ChatRoom) => ChatRoom): void {
    this.roomList.update((rooms) => rooms?.map(update) ?? null);
    this.named.update((named) => new Map([...named].map(([name, room]) => [name, room === null ? null : update(room)])));
  }
}
