import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  ChatApiPath,
  ChatLimits,
  IDEMPOTENCY_KEY_HEADER,
  chatPath,
  type ChatMessage,
  type ChatRoom,
  type ChatRoomList,
  type CreateRoom,
  type MessagePage,
} from '@app/contracts';
import { firstValueFrom, map } from 'rxjs';

/**
 * The chat API's calls (see README "The chat API"). The access token is added, renewed and retried
 * on 401 by the auth interceptor; failures are `HttpErrorResponse`s for `describeApiFailure`.
 */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);

  /** A page of rooms, the user's own first; `after`: the previous page's `nextCursor`; `q`: part of a name. */
  listRooms({ after = null, q = '' }: { after?: string | null; q?: string } = {}): Promise<ChatRoomList> {
    let params = new HttpParams();
    if (after !== null) params = params.set('after', after);
    if (q !== '') params = params.set('q', q);
    return firstValueFrom(this.http.get<ChatRoomList>(ChatApiPath.Rooms, { params }));
  }

  /** The room with exactly this name, or `null`. */
  findRoom(name: string): Promise<ChatRoom | null> {
    const params = new HttpParams().set('name', name);
    return firstValueFrom(this.http.get<ChatRoomList>(ChatApiPath.Rooms, { params }).pipe(map((list) => list.rooms[0] ?? null)));
  }

  createRoom(room: CreateRoom): Promise<ChatRoom> {
    return firstValueFrom(this.http.post<ChatRoom>(ChatApiPath.Rooms, room));
  }

  /** The newest page without `before`; the page before a page with its `olderCursor`. */
  history(roomId: string, before: string | null = null, limit: number = ChatLimits.pageSizeDefault): Promise<MessagePage> {
    let params = new HttpParams().set('limit', limit);
    if (before !== null) params = params.set('before', before);
    return firstValueFrom(this.http.get<MessagePage>(chatPath(ChatApiPath.RoomMessages, { roomId }), { params }));
  }

  /** Posts a message; `idempotencyKey` must be the same on every retry of this message. */
  postMessage(roomId: string, body: string, idempotencyKey: string): Promise<ChatMessage> {
    const headers = new HttpHeaders({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKey });
    return firstValueFrom(this.http.post<ChatMessage>(chatPath(ChatApiPath.RoomMessages, { roomId }), { body }, { headers }));
  }

  editMessage(messageId: string, body: string): Promise<ChatMessage> {
    return firstValueFrom(this.http.patch<ChatMessage>(chatPath(ChatApiPath.Message, { messageId }), { body }));
  }

  async deleteMessage(messageId: string): Promise<void> {
    await firstValueFrom(this.http.delete(chatPath(ChatApiPath.Message, { messageId })));
  }

  async markRead(roomId: string, upTo: string): Promise<void> {
    await firstValueFrom(this.http.post(chatPath(ChatApiPath.RoomRead, { roomId }), { upTo }));
  }
}
