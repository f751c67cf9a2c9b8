import { Injectable, inject, signal } from '@angular/core';
import type { ChatMessage, ChatRoom, CreateRoom } from '@app/contracts';
import { describeApiFailure, type ApiFailure } from './api-failure';
import { ChatApi } from './chat-api';
import { withRoom, withRoomActivity } from './room-list-updates';

/**
 * The room list of the chat page: loaded from the API, kept current by the live stream (new rooms,
 * each room's latest activity and unread count). Provided by the chat page.
 */
@Injectable()
export class ChatRooms {
  private readonly api = inject(ChatApi);
  private readonly roomList = signal<readonly ChatRoom[] | null>(null);
  private readonly failure = signal<ApiFailure | null>(null);

  /** The rooms by name, or `null` until loaded. */
  readonly rooms = this.roomList.asReadonly();
  readonly problem = this.failure.asReadonly();

  /** Loads the rooms; `false` when that failed (the page then offers a retry). */
  async load(): Promise<boolean> {
    this.failure.set(null);
    try {
      this.roomList.set(await this.api.listRooms());
      return true;
    } catch (error) {
      this.failure.set(describeApiFailure(error));
      return false;
    }
  }

  /** Creates a room. @throws {ApiFailure} with the API's message (400, 409…). */
  async create(room: CreateRoom): Promise<ChatRoom> {
    try {
      const created = await this.api.createRoom(room);
      this.roomList.update((rooms) => withRoom(rooms ?? [], created));
      return created;
    } catch (error) {
      throw describeApiFailure(error);
    }
  }

  /** A room someone made (`room.created`). */
  added(room: ChatRoom): void {
    this.roomList.update((rooms) => (rooms === null ? null : withRoom(rooms, room)));
  }

  /** A new message in a room; `unread` when someone else wrote it. */
  messageArrived(message: ChatMessage, { unread }: { unread: boolean }): void {
    this.roomList.update((rooms) => (rooms === null ? null : withRoomActivity(rooms, message, { unread })));
  }

  /** The user saw the newest message of a room. */
  read(roomId: string): void {
    this.roomList.update((rooms) => rooms?.map((room) => (room.id === roomId ? { ...room, unread: 0 } : room)) ?? null);
  }
}
