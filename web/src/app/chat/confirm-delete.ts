import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, ViewEncapsulation, Component, inject } from '@angular/core';

export interface ConfirmDeleteData {
  /** The message's text, to show which one. */
  readonly body: string;
}

/** How much of the message the confirmation quotes. */
const PREVIEW_LENGTH = 160;

/**
 * "Delete this message?", in a CDK dialog: modal, focus kept inside and put back on close, Escape
 * or a click outside cancels. Cancel comes first and has the focus, so a stray Enter deletes nothing.
 */
@Component({
  selector: 'app-confirm-delete',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, loaded with the chat (never in the initial bundle): see chat.css.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './confirm-delete.css',
  template: `
    <div class="confirm-dialog">
      <h2 id="confirm-delete-title" i18n>Delete this message?</h2>
      <blockquote id="confirm-delete-preview" class="confirm-preview">{{ preview }}</blockquote>
      <p class="muted" i18n>Everyone in the room will stop seeing it. This cannot be undone.</p>
      <div class="actions">
        <button type="button" class="button" (click)="ref.close(false)" i18n>Cancel</button>
        <button type="button" class="button danger-solid" (click)="ref.close(true)" i18n>Delete</button>
      </div>
    </div>
  `,
})
export class ConfirmDelete {
  protected readonly ref = inject<DialogRef<boolean, ConfirmDelete>>(DialogRef);
  private readonly data = inject<ConfirmDeleteData>(DIALOG_DATA);
  protected readonly preview = this.data.body.length > PREVIEW_LENGTH ? `${this.data.body.slice(0, PREVIEW_LENGTH)}…` : this.data.body;
}
