import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  ViewEncapsulation,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';
import { ChatRooms } from './chat-rooms';

/** How long typing pauses before the search is sent. */
const SEARCH_DELAY_MS = 250;

/**
 * The rooms, each a link to `/chat?room=<name>`, with the user's unread count: the user's own rooms
 * first ("Your rooms"), then the others, a page at a time, the next page loaded as the end of the
 * list scrolls into view; and a search by part of a name, for a company with thousands of rooms.
 */
@Component({
  selector: 'app-room-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './room-list.css',
  imports: [RouterLink],
  template: `
    <div class="room-search">
      <label for="room-search" class="cdk-visually-hidden" i18n>Search rooms</label>
      <input
        #search
        id="room-search"
        type="search"
        i18n-placeholder
        placeholder="Search rooms"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        maxlength="40"
        [value]="roomList.search()"
        (input)="searchSoon(search.value)"
        (keydown.enter)="searchNow(search.value)"
      />
    </div>
    <nav i18n-aria-label aria-label="Rooms">
      @if (rooms().length === 0 && roomList.search() !== '') {
        <p class="muted room-list-note" role="status" i18n>No room name contains “{{ roomList.search() }}”.</p>
      }
      @for (group of groups(); track group.kind) {
        @if (group.rooms.length > 0) {
          @switch (group.kind) {
            @case ('mine') { <h2 class="room-group-title" i18n>Your rooms</h2> }
            @case ('others') { <h2 class="room-group-title" i18n>Other rooms</h2> }
            @default { <h2 class="room-group-title" i18n>Rooms</h2> }
          }
          <ul class="room-list">
            @for (room of group.rooms; track room.id) {
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
        }
      }
      @if (roomList.hasMore()) {
        <div #more class="room-list-more">
          @if (roomList.loadingMoreRooms()) {
            <span class="muted" role="status" i18n>Loading more rooms…</span>
          } @else {
            <button type="button" class="link-button" (click)="roomList.loadMore()" i18n>More rooms</button>
          }
        </div>
      }
    </nav>
  `,
})
export class RoomList {
  /** The open room's name. */
  readonly openName = input<string | null>(null);

  protected readonly roomList = inject(ChatRooms);
  protected readonly chatPath = AppPath.Chat;
  protected readonly rooms = computed(() => this.roomList.rooms() ?? []);
  protected readonly groups = computed(() => {
    const rooms = this.rooms();
    const mine = rooms.filter((room) => room.mine);
    // One list, titled "Rooms", when the user takes part in no room yet.
    return mine.length === 0
      ? [{ kind: 'all' as const, rooms }]
      : [{ kind: 'mine' as const, rooms: mine }, { kind: 'others' as const, rooms: rooms.filter((room) => !room.mine) }];
  });
  private readonly more = viewChild<ElementRef<HTMLElement>>('more');
  private readonly injector = inject(Injector);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => clearTimeout(this.searchTimer));
    // The next page loads when the end of the list comes near, as it scrolls. Observed again after
    // each page: a list still too short to fill the side keeps loading.
    afterNextRender(() => {
      if (typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void this.roomList.loadMore();
      }, { rootMargin: '200px' });
      destroyRef.onDestroy(() => observer.disconnect());
      effect(
        () => {
          observer.disconnect();
          this.rooms();
          const end = this.more()?.nativeElement;
          if (end !== undefined) observer.observe(end);
        },
        { injector: this.injector },
      );
    });
  }

  protected searchSoon(text: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.roomList.searchFor(text), SEARCH_DELAY_MS);
  }

  protected searchNow(text: string): void {
    clearTimeout(this.searchTimer);
    void this.roomList.searchFor(text);
  }
}
