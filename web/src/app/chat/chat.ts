import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, ViewEncapsulation, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AppPath, type ChatRoom } from '@app/contracts';
import { ChatOutbox } from './chat-outbox';
import { ChatRooms } from './chat-rooms';
import { ChatState } from './chat-state';
import { CreateRoomForm } from './create-room-form';
import { RoomList } from './room-list';
import { RoomView } from './room-view';
import { StreamStatusLine } from './stream-status-line';

/** Wide enough to show the room list beside a room; narrower, one or the other. */
const SIDE_BY_SIDE = '(min-width: 700px)';

/**
 * `/chat?room=<name>` (role `chat`): the rooms on the side, the open room beside them. The room is
 * in the address, so a reload or a shared link opens it again. On a phone, the list and the room
 * take the screen in turn.
 */
@Component({
  selector: 'app-chat',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './chat.css',
  imports: [RouterLink, RoomList, CreateRoomForm, RoomView, StreamStatusLine],
  providers: [ChatState, ChatRooms, ChatOutbox],
  template: `
    @if (state.streamStatus() === 'too-many-tabs') {
      <div class="chat-notice" role="alert" data-testid="too-many-tabs">
        @if (state.tabLimit(); as limit) {
          <p i18n>
            <strong>Too many open tabs.</strong> Live updates are paused in this tab: the chat is open in more
            tabs than one person gets live updates in ({{ limit }}). Close the tabs you do not use, or take the
            live updates back here.
          </p>
        } @else {
          <p i18n>
            <strong>Too many open tabs.</strong> Live updates are paused in this tab: the chat is open in more
            tabs than one person gets live updates in. Close the tabs you do not use, or take the live updates
            back here.
          </p>
        }
        <button type="button" class="button small" (click)="state.reconnectNow()" i18n>Use this tab</button>
      </div>
    }
    <div class="chat" [class.room-open]="roomName() !== null">
      <aside class="chat-sidebar">
        <div class="chat-sidebar-head">
          <h1 i18n="name of the chat page, in the menu">Chat</h1>
          <app-stream-status-line />
        </div>
        @if (roomList.rooms(); as rooms) {
          @let noRoomAtAll = rooms.length === 0 && roomList.search() === '';
          <app-create-room-form [startOpen]="noRoomAtAll" (created)="openRoom($event)" />
          @if (noRoomAtAll) {
            <p class="empty" data-testid="rooms-empty" i18n>No rooms yet: create the first one.</p>
          } @else {
            <app-room-list [openName]="roomName()" />
          }
        } @else if (roomList.problem(); as problem) {
          <div role="alert" class="problem">
            <p i18n>The rooms could not be loaded. {{ problem.message }}</p>
            <button type="button" class="button" (click)="state.reloadRooms()" i18n>Try again</button>
          </div>
        } @else {
          <p class="muted" role="status" i18n>Loading rooms…</p>
        }
      </aside>

      <section class="chat-main" [attr.aria-label]="roomName() === null ? noRoomOpen : null">
        @if (roomName() === null) {
          <div class="chat-placeholder">
            @if (roomList.rooms()?.length === 0 && roomList.search() === '') {
              <p i18n>No one is talking yet: create the first room, and the conversation starts there.</p>
            } @else {
              <p i18n>Choose a room to read and write in it.</p>
            }
          </div>
        } @else if (state.openRoom(); as open) {
          <app-room-view [room]="open" />
        } @else if (state.openRoom() === undefined) {
          <div class="chat-placeholder" role="alert">
            <p i18n>There is no room named <strong>#{{ roomName() }}</strong>.</p>
            <a class="button" [routerLink]="chatPath" i18n>Back to the rooms</a>
          </div>
        } @else {
          <div class="chat-placeholder"><p class="muted" i18n>Loading…</p></div>
        }
      </section>
    </div>
  `,
})
export class Chat {
  /** `?room=`: the open room's name (bound from the query string). */
  readonly room = input<string | undefined>();

  protected readonly state = inject(ChatState);
  protected readonly roomList = inject(ChatRooms);
  protected readonly chatPath = AppPath.Chat;
  protected readonly noRoomOpen = $localize`No room open`;
  private readonly router = inject(Router);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly firstRoom = computed(() => this.roomList.rooms()?.[0] ?? null);
  protected readonly roomName = computed(() => this.room() || null);

  constructor() {
    effect(() => this.state.open(this.roomName()));
    // Side by side, an empty pane helps no one: open the first room (a phone shows the list instead).
    effect(() => {
      const first = this.firstRoom();
      if (first === null || this.roomName() !== null || !this.window?.matchMedia(SIDE_BY_SIDE).matches) return;
      untracked(() => void this.router.navigate([AppPath.Chat], { queryParams: { room: first.name }, replaceUrl: true }));
    });
  }

  protected openRoom(room: ChatRoom): void {
    void this.router.navigate([AppPath.Chat], { queryParams: { room: room.name } });
  }
}
