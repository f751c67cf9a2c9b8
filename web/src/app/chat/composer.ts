import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, ViewEncapsulation, Component, ElementRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { ChatLimits, normaliseMessageText, type ChatRoom } from '@app/contracts';
import { formatCount } from '../locale/number-format';
import { ChatOutbox } from './chat-outbox';
import { ChatState } from './chat-state';
import { describeMessageTextProblem } from './message-text-problem';

/** The composer's textarea, for whoever needs to give it the focus back. */
export const COMPOSER_INPUT_ID = 'composer-input';

/** Shown from this many characters on, so the limit is in view before it matters. */
const COUNT_FROM = ChatLimits.messageMaxLength - 500;

/**
 * Writing a message: Enter sends, Shift+Enter starts a new line. The text shows at once in the room
 * as "sending" (see outbox.ts); the draft of each room is kept while the page is open, so switching
 * rooms loses nothing. Text over the limit is kept, marked, and not sent.
 */
@Component({
  selector: 'app-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './composer.css',
  imports: [CdkTextareaAutosize],
  template: `
    <form class="composer" (submit)="send($event)">
      <label class="cdk-visually-hidden" [for]="inputId" i18n>Message #{{ room().name }}</label>
      <textarea
        #input
        [id]="inputId"
        class="composer-input"
        cdkTextareaAutosize
        cdkAutosizeMinRows="1"
        cdkAutosizeMaxRows="8"
        [placeholder]="placeholder()"
        [value]="draft()"
        (input)="onInput(input.value)"
        (keydown)="onKey($event)"
        aria-describedby="composer-hint"
        [attr.aria-invalid]="problem() !== null"
      ></textarea>
      <button type="submit" class="button primary composer-send" i18n>Send</button>
      <p id="composer-hint" class="composer-hint">
        @if (problem(); as problem) {
          <span class="field-error" role="alert">{{ problem }}</span>
        } @else {
          <span class="composer-keys" i18n>Enter to send, Shift+Enter for a new line</span>
        }
        <span class="composer-count" [class.over]="length() > maxLength" data-testid="composer-count">
          @if (length() >= countFrom) { {{ count(length()) }} / {{ count(maxLength) }} } @else { <ng-container i18n>Up to {{ count(maxLength) }} characters</ng-container> }
        </span>
      </p>
    </form>
  `,
})
export class Composer {
  readonly room = input.required<ChatRoom>();

  private readonly state = inject(ChatState);
  private readonly outbox = inject(ChatOutbox);
  private readonly input = viewChild.required<ElementRef<HTMLTextAreaElement>>('input');
  protected readonly inputId = COMPOSER_INPUT_ID;
  protected readonly maxLength = ChatLimits.messageMaxLength;
  protected readonly countFrom = COUNT_FROM;
  protected readonly draft = signal('');
  protected readonly length = computed(() => normaliseMessageText(this.draft()).length);
  protected readonly placeholder = computed(() => $localize`Message #${this.room().name}:room:`);
  protected readonly count = formatCount;
  /** Shown after a send was refused; typing clears it, but an over-long text stays flagged. */
  protected readonly refusal = signal<string | null>(null);
  protected readonly problem = computed(() => this.refusal() ?? (this.length() > this.maxLength ? describeMessageTextProblem(normaliseMessageText(this.draft())) : null));
  private roomId: string | null = null;

  constructor() {
    // Each room keeps its own draft; a room opened after the first gets the focus, ready to write.
    effect(() => {
      const room = this.room();
      untracked(() => {
        const isSwitch = this.roomId !== null;
        this.roomId = room.id;
        this.draft.set(this.state.draftOf(room.id));
        this.refusal.set(null);
        if (isSwitch) queueMicrotask(() => this.input().nativeElement.focus());
      });
    });
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    this.state.keepDraft(this.room().id, value);
    this.refusal.set(null);
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  protected send(event?: Event): void {
    event?.preventDefault();
    const text = this.draft();
    const normalised = normaliseMessageText(text);
    if (normalised.trim() === '') return;
    const problem = describeMessageTextProblem(normalised);
    if (problem !== null) {
      this.refusal.set(problem);
      return;
    }
    this.outbox.send(this.room().id, text);
    this.state.keepDraft(this.room().id, '');
    this.draft.set('');
    this.input().nativeElement.value = '';
    this.input().nativeElement.focus();
  }
}
