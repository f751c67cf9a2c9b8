import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ChatApiPath, type ChatRoomList } from '@app/contracts';
import { Session } from '../auth/session';

/** `/chat` (role `chat`): the chat rooms. */
@Component({
  selector: 'app-chat',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h1>Chat</h1>
      <p class="muted">Signed in as {{ session.user()?.name }}.</p>
      @if (rooms.isLoading()) {
        <p role="status">Loading rooms…</p>
      } @else if (rooms.error()) {
        <div role="alert" class="problem">
          <p>The rooms could not be loaded.</p>
          <button type="button" class="button" (click)="rooms.reload()">Try again</button>
        </div>
      } @else if (rooms.value(); as list) {
        @if (list.rooms.length === 0) {
          <p class="empty" data-testid="rooms-empty">No rooms yet.</p>
        } @else {
          <ul class="rooms">
            @for (room of list.rooms; track room.id) {
              <li><strong>#{{ room.name }}</strong> <span class="muted">{{ room.topic }}</span></li>
            }
          </ul>
        }
      }
    </section>
  `,
})
export class Chat {
  protected readonly session = inject(Session);
  protected readonly rooms = httpResource<ChatRoomList>(() => ChatApiPath.Rooms);
}
