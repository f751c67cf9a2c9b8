import { Dialog } from '@angular/cdk/dialog';
import { DOCUMENT } from '@angular/common';
import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, ViewEncapsulation, Component, ElementRef, Injector, afterNextRender, computed, inject, input, signal, viewChild } from '@angular/core';
import { ChatLimits, normaliseMessageText, type ChatMessage } from '@app/contracts';
import { formatCount } from '../locale/number-format';
import { firstValueFrom } from 'rxjs';
import type { ApiFailure } from './api-failure';
import { ChatState } from './chat-state';
import { COMPOSER_INPUT_ID } from './composer';
import { ConfirmDelete, type ConfirmDeleteData } from './confirm-delete';
import { fullTimeLabel, timeLabel } from './message-days';
import { splitLinks } from './message-links';
import { describeMessageTextProblem } from './message-text-problem';

/**
 * One message: author and time (left out within a run by the same author, but for screen readers),
 * the text with its web addresses as links, "edited", and for one's own, Edit (in place: Enter
 * saves, Shift+Enter adds a line, Escape cancels) and Delete (after a confirmation).
 */
@Component({
  selector: 'li[app-message-item]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './message-item.css',
  imports: [CdkTextareaAutosize],
  template: `
    <article class="message-card" [attr.aria-label]="message().author.name + ', ' + time()">
      @if (continued()) {
        <span class="cdk-visually-hidden">{{ message().author.name }}, </span>
        <time class="message-time-aside" [attr.datetime]="message().createdAt" [title]="fullTime()">{{ time() }}</time>
      } @else {
        <header class="message-meta">
          <span class="message-author" [class.own]="own()">{{ message().author.name }}</span>
          <time class="message-time" [attr.datetime]="message().createdAt" [title]="fullTime()">{{ time() }}</time>
        </header>
      }
      @if (editing()) {
        <div class="message-edit">
          <label class="cdk-visually-hidden" [for]="editId" i18n>Edit your message</label>
          <textarea
            #editor
            [id]="editId"
            class="message-editor"
            cdkTextareaAutosize
            cdkAutosizeMinRows="1"
            cdkAutosizeMaxRows="10"
            [value]="draft()"
            (input)="draft.set(editor.value)"
            (keydown)="onEditKey($event)"
            [attr.aria-describedby]="editId + '-hint'"
          ></textarea>
          <p class="hint" [id]="editId + '-hint'"><ng-container i18n>Enter saves, Shift+Enter adds a line, Escape cancels</ng-container> · {{ count(draftLength()) }}/{{ count(maxLength) }}</p>
          <div class="message-edit-actions">
            <button type="button" class="button primary small" (click)="save()" [disabled]="busy()" i18n>Save</button>
            <button type="button" class="button small" (click)="cancelEdit()" [disabled]="busy()" i18n>Cancel</button>
          </div>
        </div>
      } @else {
        <p class="message-body" data-testid="message-body">@for (part of parts(); track $index) {@if (part.kind === 'link') {<a [href]="part.href" target="_blank" rel="noopener noreferrer">{{ part.text }}</a>} @else {<span>{{ part.text }}</span>}}</p>
        @if (message().editedAt; as editedAt) {
          <span class="message-edited" [title]="editedTitle(editedAt)" i18n>(edited)</span>
        }
      }
      @if (problem(); as problem) {
        <p class="field-error" role="alert">{{ problem }}</p>
      }
      @if (own() && !editing()) {
        <div class="message-actions">
          <button #editButton type="button" class="button small" (click)="startEdit()">
            <ng-container i18n>Edit<span class="cdk-visually-hidden"> your message of {{ time() }}</span></ng-container>
          </button>
          <button type="button" class="button small danger" (click)="confirmDelete()" [disabled]="busy()">
            <ng-container i18n>Delete<span class="cdk-visually-hidden"> your message of {{ time() }}</span></ng-container>
          </button>
        </div>
      }
    </article>
  `,
  host: { class: 'message', '[class.own]': 'own()', '[class.continued]': 'continued()', '[attr.data-message-id]': 'message().id' },
})
export class MessageItem {
  readonly message = input.required<ChatMessage>();
  /** Written by the signed-in user: they may edit and delete it. */
  readonly own = input(false);
  readonly continued = input(false);

  private readonly state = inject(ChatState);
  private readonly dialog = inject(Dialog);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');
  private readonly editButton = viewChild<ElementRef<HTMLButtonElement>>('editButton');

  protected readonly maxLength = ChatLimits.messageMaxLength;
  protected readonly parts = computed(() => splitLinks(this.message().body));
  protected readonly time = computed(() => timeLabel(this.message().createdAt));
  protected readonly fullTime = computed(() => fullTimeLabel(this.message().createdAt));
  protected readonly editing = signal(false);
  protected readonly draft = signal('');
  protected readonly draftLength = computed(() => this.draft().length);
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected get editId(): string {
    return `edit-${this.message().id}`;
  }

  protected readonly count = formatCount;

  protected editedTitle(iso: string): string {
    return $localize`Edited ${fullTimeLabel(iso)}:time:`;
  }

  protected startEdit(): void {
    this.draft.set(this.message().body);
    this.problem.set(null);
    this.editing.set(true);
    afterNextRender(
      () => {
        const editor = this.editor()?.nativeElement;
        editor?.focus();
        editor?.setSelectionRange(editor.value.length, editor.value.length);
      },
      { injector: this.injector },
    );
  }

  protected cancelEdit(): void {
    this.editing.set(false);
    this.problem.set(null);
    this.focusEditButton();
  }

  protected onEditKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.save();
    }
  }

  protected async save(): Promise<void> {
    const problem = describeMessageTextProblem(normaliseMessageText(this.draft()));
    if (problem !== null) {
      this.problem.set(problem);
      return;
    }
    this.busy.set(true);
    try {
      await this.state.edit(this.message(), this.draft());
      this.editing.set(false);
      this.problem.set(null);
      this.focusEditButton();
    } catch (failure) {
      this.problem.set($localize`Not saved. ${(failure as ApiFailure).message}:reason:`);
    } finally {
      this.busy.set(false);
    }
  }

  protected async confirmDelete(): Promise<void> {
    const data: ConfirmDeleteData = { body: this.message().body };
    const ref = this.dialog.open<boolean, ConfirmDeleteData>(ConfirmDelete, {
      data,
      role: 'alertdialog',
      ariaLabelledBy: 'confirm-delete-title',
      ariaDescribedBy: 'confirm-delete-preview',
      autoFocus: 'first-tabbable',
      panelClass: 'confirm-panel',
      backdropClass: 'confirm-backdrop',
    });
    if ((await firstValueFrom(ref.closed)) !== true) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      await this.state.delete(this.message());
      // The message is gone, and the button that opened the dialog with it: writing is what is left to do.
      this.document.getElementById(COMPOSER_INPUT_ID)?.focus();
    } catch (failure) {
      this.problem.set($localize`Not deleted. ${(failure as ApiFailure).message}:reason:`);
    } finally {
      this.busy.set(false);
    }
  }

  private focusEditButton(): void {
    afterNextRender(() => this.editButton()?.nativeElement.focus(), { injector: this.injector });
  }
}
