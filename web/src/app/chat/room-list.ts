import { ChangeDetectionStrategy, ViewEncapsulation, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath, type ChatRoom } from '@app/contracts';

/** The rooms, each a link to `/chat?room=<name>`, with the user's unread count. */
@Component({
  selector: 'app-room-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './room-list.css',
  imports: [RouterLink],
  template: `
    <nav i18n-aria-label aria-label="Rooms">
      <ul class="room-list">
        @for (room of rooms(); track room.id) {
          <li>
            <a
              class="room-link"
              [routerLink]="chatPath"
              [queryParams]="{ room: room.name }"
              [attr.aria-current]="room.name === openName() ? 'page' : null"
              [attr.title]="room.topic || null"
            >
              <span class="room-link-name"><span aria-hidden="true">#</span>{{ room.name }}</span>
              @if (room.unread > 0 && room.name !== openName()) {
                <span class="unread-count" data-testid="unread-count">
                  {{ room.unread > 99 ? '99+' : room.unread }}<span class="cdk-visually-hidden">&ngsp;<ng-container i18n>{room.unread, plural, other {unread}}</ng-container></span>
                </span>
              }
            </a>
          </li>
        }
      </ul>
    </nav>
  `,
})
export class RoomList {
  readonly rooms = input.required<readonly ChatRoom[]>();
  /** The open room's name. */
  readonly openName = input<string | null>(null);
  protected readonly chatPath = AppPath.Chat;
}
