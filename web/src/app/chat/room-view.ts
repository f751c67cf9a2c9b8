import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath, type ChatRoom } from '@app/contracts';
import { Composer } from './composer';
import { MessageList } from './message-list';

/** The open room: its name and topic, its messages, and the composer. */
@Component({
  selector: 'app-room-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MessageList, Composer],
  template: `
    <header class="room-head">
      <a class="room-back" [routerLink]="chatPath" i18n-aria-label aria-label="All rooms" i18n>‹ Rooms</a>
      <div class="room-head-text">
        <h2 id="room-title" class="room-title"><span aria-hidden="true">#</span>{{ room().name }}</h2>
        @if (room().topic) {
          <p class="room-topic">{{ room().topic }}</p>
        }
      </div>
    </header>
    <app-message-list [room]="room()" />
    <app-composer [room]="room()" />
  `,
  host: { class: 'room-view' },
})
export class RoomView {
  readonly room = input.required<ChatRoom>();
  protected readonly chatPath = AppPath.Chat;
}
