import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, ViewEncapsulation, Component, DestroyRef, ElementRef, afterRenderEffect, computed, inject, input, signal, viewChild } from '@angular/core';
import type { ChatRoom } from '@app/contracts';
import { ChatState } from './chat-state';
import { MessageItem } from './message-item';
import { messageRows } from './message-days';
import { OutgoingItem } from './outgoing-item';

/** Closer than this to the bottom counts as "at the newest message": new ones keep it in view. */
const PIN_DISTANCE_PX = 48;
/** Closer than this to the top loads the page before. */
const LOAD_OLDER_DISTANCE_PX = 200;

/**
 * A room's messages, newest at the bottom, with day separators. Scrolling up loads older pages
 * (keeping what is on screen where it was); while the newest message is in view, new ones keep it
 * there, and the room is marked read. When not, a button says how many new messages are below.
 * The list is one tab stop (arrow keys scroll it); the buttons of one's own messages follow.
 */
@Component({
  selector: 'app-message-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './message-list.css',
  imports: [MessageItem, OutgoingItem],
  template: `
    <div
      #scroller
      class="message-scroller"
      tabindex="0"
      role="region"
      [attr.aria-label]="regionLabel()"
      [attr.aria-busy]="history().loadingNewest || history().loadingOlder"
      (scroll)="onScroll()"
      data-testid="message-list"
    >
      <div class="history-edge">
        @if (history().loadingOlder) {
          <p role="status" class="muted" i18n>Loading older messages…</p>
        } @else if (timeline().loaded && timeline().olderCursor !== null) {
          <button type="button" class="link-button" (click)="loadOlder()" i18n>Load older messages</button>
        } @else if (timeline().loaded && timeline().messages.length > 0) {
          <p class="muted" i18n>This is the start of #{{ room().name }}.</p>
        }
      </div>
      @if (history().problem; as problem) {
        <div role="alert" class="problem history-problem">
          @if (timeline().loaded) {
            <p i18n>Older messages could not be loaded. {{ problem.message }}</p>
          } @else {
            <p i18n>The messages could not be loaded. {{ problem.message }}</p>
          }
          <button type="button" class="button" (click)="retryHistory()" i18n>Try again</button>
        </div>
      }
      @if (!timeline().loaded && history().loadingNewest) {
        <p role="status" class="muted room-loading" i18n>Loading messages…</p>
      } @else if (timeline().loaded && rows().length === 0) {
        <div class="room-empty" data-testid="room-empty">
          <p i18n>No messages in #{{ room().name }} yet.</p>
          <p class="muted" i18n>Write the first one below.</p>
        </div>
      }
      <ol class="messages">
        @for (row of rows(); track row.key) {
          @if (row.kind === 'day') {
            <li class="day-separator"><h3>{{ row.label }}</h3></li>
          } @else if (row.kind === 'message') {
            <li app-message-item [message]="row.message" [continued]="row.continued" [own]="row.message.author.sub === state.ownSub()"></li>
          } @else {
            <li app-outgoing-item [outgoing]="row.outgoing"></li>
          }
        }
      </ol>
    </div>
    @if (unseen() > 0) {
      <button type="button" class="jump-to-newest" (click)="jumpToNewest()">
        <ng-container i18n>{unseen(), plural, =1 {1 new message} other {{{ unseen() }} new messages}}</ng-container>&ngsp;<span aria-hidden="true">↓</span>
      </button>
    }
  `,
  host: { class: 'message-list' },
})
export class MessageList {
  readonly room = input.required<ChatRoom>();

  protected readonly state = inject(ChatState);
  private readonly document = inject(DOCUMENT);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  protected readonly timeline = this.state.openTimeline;
  protected readonly history = this.state.openHistory;
  protected readonly regionLabel = computed(() => $localize`Messages in #${this.room().name}:room:`);
  protected readonly rows = computed(() => messageRows(this.timeline().messages, this.state.openOutgoing()));
  /** The newest message the reader has had in view. */
  private readonly seenNewestId = signal<string | null>(null);
  protected readonly unseen = computed(() => {
    const messages = this.timeline().messages;
    const seen = this.seenNewestId();
    const from = seen === null ? messages.length : messages.findIndex((message) => message.id === seen) + 1;
    if (from === 0) return 0;
    return messages.slice(from).filter((message) => message.author.sub !== this.state.ownSub()).length;
  });

  /** At the bottom: new rows keep the view there. */
  private pinned = true;
  private shownRoomId: string | null = null;
  /** The oldest message shown at the last render. */
  private firstKey: string | null = null;
  private outgoingCount = 0;
  private scrollHeight = 0;
  private scrollTop = 0;

  constructor() {
    afterRenderEffect({ write: () => this.settle(this.room().id, this.rows().find((row) => row.kind === 'message')?.key ?? null) });
    const onVisible = () => this.afterScroll();
    this.document.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => this.document.removeEventListener('visibilitychange', onVisible));
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    this.pinned = element.scrollHeight - element.scrollTop - element.clientHeight < PIN_DISTANCE_PX;
    this.scrollHeight = element.scrollHeight;
    this.scrollTop = element.scrollTop;
    this.afterScroll();
  }

  protected loadOlder(): void {
    void this.state.loadOlder(this.room().id);
  }

  protected retryHistory(): void {
    const roomId = this.room().id;
    void (this.timeline().loaded ? this.state.loadOlder(roomId) : this.state.loadNewest(roomId));
  }

  protected jumpToNewest(): void {
    const element = this.scroller().nativeElement;
    this.pinned = true;
    element.scrollTop = element.scrollHeight;
    element.focus();
  }

  /** After each render: keep the view where the reader expects it. */
  private settle(roomId: string, firstMessageKey: string | null): void {
    const element = this.scroller().nativeElement;
    const outgoing = this.state.openOutgoing().length;
    if (roomId !== this.shownRoomId) {
      this.shownRoomId = roomId;
      this.pinned = true;
      this.seenNewestId.set(null);
    }
    // The user just sent a message: show it.
    if (outgoing > this.outgoingCount) this.pinned = true;
    this.outgoingCount = outgoing;
    if (this.pinned) {
      element.scrollTop = element.scrollHeight;
    } else if (this.firstKey !== null && firstMessageKey !== this.firstKey && this.rows().some((row) => row.key === this.firstKey)) {
      // An older page went in above: what was on screen stays where it was.
      element.scrollTop = this.scrollTop + (element.scrollHeight - this.scrollHeight);
    }
    this.firstKey = firstMessageKey;
    this.scrollHeight = element.scrollHeight;
    this.scrollTop = element.scrollTop;
    this.afterScroll();
  }

  private afterScroll(): void {
    const element = this.scroller().nativeElement;
    const roomId = this.room().id;
    if (this.pinned) {
      this.seenNewestId.set(this.timeline().messages.at(-1)?.id ?? null);
      if (this.document.visibilityState === 'visible') this.state.markRead(roomId);
    }
    const timeline = this.timeline();
    if (element.scrollTop < LOAD_OLDER_DISTANCE_PX && timeline.loaded && timeline.olderCursor !== null && !this.history().loadingOlder && this.history().problem === null) {
      void this.state.loadOlder(roomId);
    }
  }
}
