import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppPath } from '@app/contracts';

@Component({
  selector: 'app-not-found',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow">
      <h1 i18n>Page not found</h1>
      <p i18n>There is nothing at this address.</p>
      <div class="actions"><a class="button primary" [routerLink]="paths.Home" i18n>Go home</a></div>
    </section>
  `,
})
export class NotFound {
  protected readonly paths = AppPath;
}
