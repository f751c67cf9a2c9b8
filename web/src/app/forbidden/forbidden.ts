import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FEATURE_PAGES, isRole } from '@app/contracts';
import { Session } from '../auth/session';

/** `/forbidden?role=…`: the user is signed in but lacks a role; says which, whom to ask, and the way out. */
@Component({
  selector: 'app-forbidden',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">You don’t have access {{ missingPage() ? 'to ' + missingPage()!.title : 'yet' }}</h1>
      @if (missingPage(); as page) {
        <p>{{ page.title }} needs the <code>{{ page.role }}</code> role, and your account does not have it.</p>
      } @else {
        <p>
          Your account has none of the roles this app uses:
          @for (role of roleNames; track role) {<code>{{ role }}</code>{{ $last ? '.' : ', ' }}}
        </p>
      }
      <p>
        <strong>Whom to ask:</strong> the person who manages access to this app in your company’s identity provider
        (often the IT service desk). Once they add the role, sign out and sign in again.
      </p>
      @if (openPages().length > 0) {
        <p>You can open:
          @for (page of openPages(); track page.path) {
            <a [routerLink]="page.path">{{ page.title }}</a>{{ $last ? '' : ', ' }}
          }
        </p>
      }
      <div class="actions">
        <button type="button" class="button" (click)="signOut()">Sign out</button>
      </div>
    </section>
  `,
})
export class Forbidden {
  /** The role that was missing, from the query string. */
  readonly role = input<string | null>(null);

  private readonly session = inject(Session);
  protected readonly roleNames = FEATURE_PAGES.map((page) => page.role);
  protected readonly missingPage = computed(() => {
    const role = this.role();
    return isRole(role) ? FEATURE_PAGES.find((page) => page.role === role) : undefined;
  });
  protected readonly openPages = computed(() => FEATURE_PAGES.filter((page) => this.session.hasRole(page.role)));

  protected signOut(): void {
    void this.session.signOut();
  }
}
