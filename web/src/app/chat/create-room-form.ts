import { ChangeDetectionStrategy, ViewEncapsulation, Component, ElementRef, afterNextRender, inject, Injector, input, linkedSignal, output, signal, viewChild } from '@angular/core';
import { ChatLimits, ErrorCode, type ChatRoom } from '@app/contracts';
import type { ApiFailure } from './api-failure';
import { ChatRooms } from './chat-rooms';
import { roomNameProblem, roomTopicProblem } from './room-name';

/**
 * "New room": a name and an optional topic, checked as the API checks them before they are sent;
 * the API's refusal (a name taken: 409) is shown in words of the SPA's own.
 */
@Component({
  selector: 'app-create-room-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './create-room-form.css',
  template: `
    @if (expanded()) {
      <form class="create-room" (submit)="create($event)" novalidate aria-labelledby="create-room-title">
        <h2 id="create-room-title" class="create-room-title" i18n>New room</h2>
        <label for="room-name" i18n="name of a room">Name</label>
        <input
          #nameInput
          id="room-name"
          name="name"
          autocomplete="off"
          autocapitalize="none"
          spellcheck="false"
          [maxLength]="limits.roomNameMaxLength"
          [value]="name()"
          (input)="name.set(nameInput.value)"
          [attr.aria-invalid]="nameProblem() !== null"
          aria-describedby="room-name-hint"
          [attr.aria-errormessage]="nameProblem() !== null ? 'room-name-error' : null"
        />
        <p id="room-name-hint" class="hint" i18n>Lower-case letters, digits and hyphens, e.g. <code>team-news</code></p>
        @if (nameProblem(); as problem) {
          <p id="room-name-error" class="field-error">{{ problem }}</p>
        }
        <label for="room-topic" i18n>Topic <span class="muted">(optional)</span></label>
        <input
          #topicInput
          id="room-topic"
          name="topic"
          autocomplete="off"
          [value]="topic()"
          (input)="topic.set(topicInput.value)"
          [attr.aria-invalid]="topicProblem() !== null"
          [attr.aria-errormessage]="topicProblem() !== null ? 'room-topic-error' : null"
        />
        @if (topicProblem(); as problem) {
          <p id="room-topic-error" class="field-error">{{ problem }}</p>
        }
        @if (failure(); as failure) {
          <p class="field-error" role="alert">{{ failure.message }}</p>
        }
        <div class="create-room-actions">
          <button type="submit" class="button primary" [disabled]="busy()">
            @if (busy()) {
              <ng-container i18n>Creating…</ng-container>
            } @else {
              <ng-container i18n>Create room</ng-container>
            }
          </button>
          @if (!startOpen()) {
            <button type="button" class="button" (click)="close()" i18n>Cancel</button>
          }
        </div>
      </form>
    } @else {
      <button #openButton type="button" class="button new-room-button" (click)="open()" i18n>+ New room</button>
    }
  `,
})
export class CreateRoomForm {
  /** Open from the start (there is no room yet). */
  readonly startOpen = input(false);
  readonly created = output<ChatRoom>();

  private readonly rooms = inject(ChatRooms);
  private readonly injector = inject(Injector);
  private readonly nameInput = viewChild<ElementRef<HTMLInputElement>>('nameInput');
  private readonly openButton = viewChild<ElementRef<HTMLButtonElement>>('openButton');
  protected readonly limits = ChatLimits;
  protected readonly expanded = linkedSignal(() => this.startOpen());
  protected readonly name = signal('');
  protected readonly topic = signal('');
  protected readonly nameProblem = signal<string | null>(null);
  protected readonly topicProblem = signal<string | null>(null);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly busy = signal(false);

  protected open(): void {
    this.expanded.set(true);
    afterNextRender(() => this.nameInput()?.nativeElement.focus(), { injector: this.injector });
  }

  protected close(): void {
    this.expanded.set(false);
    this.reset();
    afterNextRender(() => this.openButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.name().trim();
    const topic = this.topic().trim();
    this.nameProblem.set(roomNameProblem(name));
    this.topicProblem.set(roomTopicProblem(topic));
    this.failure.set(null);
    if (this.nameProblem() !== null || this.topicProblem() !== null) {
      this.nameInput()?.nativeElement.focus();
      return;
    }
    this.busy.set(true);
    try {
      const room = await this.rooms.create({ name, topic });
      this.reset();
      if (!this.startOpen()) this.expanded.set(false);
      this.created.emit(room);
    } catch (failure) {
      const refusal = failure as ApiFailure;
      // A 409 here can only be the name: say so, rather than the general words for a conflict.
      this.failure.set(refusal.code === ErrorCode.Conflict ? { ...refusal, message: $localize`A room named ${name}:name: exists already. Choose another name.` } : refusal);
      this.nameInput()?.nativeElement.focus();
    } finally {
      this.busy.set(false);
    }
  }

  private reset(): void {
    this.name.set('');
    this.topic.set('');
    this.nameProblem.set(null);
    this.topicProblem.set(null);
    this.failure.set(null);
  }
}
