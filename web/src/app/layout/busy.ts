import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A page-sized "please wait": a spinner and what is happening, announced to screen readers. */
@Component({
  selector: 'app-busy',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="centered" aria-busy="true">
      <div class="spinner" aria-hidden="true"></div>
      <p role="status">{{ message() }}</p>
    </section>
  `,
})
export class Busy {
  readonly message = input.required<string>();
}
