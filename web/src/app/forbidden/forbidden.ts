import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { toSignal } from '@angular/core/rxjs-interop';
import { FEATURE_PAGES, RolesClaimStatus, isRole } from '@app/contracts';
import { from } from 'rxjs';
import { AuthServer } from '../auth/auth-server';
import { Session } from '../auth/session';
import { featurePageName } from '../layout/feature-page-name';

/**
 * What a sign-in without roles says of the app's settings. A missing or unreadable roles claim is a
 * setting, for certain. Names none of which is recognised may be a setting (`OIDC_ROLE_MAP`) or a
 * user outside the groups (Keycloak lists default roles for everyone): a hint only.
 */
function describeSetupProblem(status: RolesClaimStatus): string | undefined {
  switch (status) {
    case RolesClaimStatus.Missing:
      return $localize`Your sign-in carried no roles where this app looks for them.`;
    case RolesClaimStatus.Invalid:
      return $localize`Your sign-in carried roles in a shape this app cannot read.`;
    default:
      return undefined;
  }
}

/** `/forbidden?role=…`: the user is signed in but lacks a role; says which, whom to ask, and the way out. */
@Component({
  selector: 'app-forbidden',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card narrow" aria-labelledby="forbidden-title">
      @if (missingPage(); as page) {
        <h1 id="forbidden-title" i18n>You don’t have access to {{ pageName(page.role) }}</h1>
        <p i18n>{{ pageName(page.role) }} needs the <code>{{ page.role }}</code> role, and your account does not have it.</p>
      } @else {
        <h1 id="forbidden-title" i18n>You don’t have access yet</h1>
        <p>
          <ng-container i18n>Your account has none of the roles this app uses:</ng-container>&ngsp;
          @for (role of roleNames; track role) {<code>{{ role }}</code>{{ $last ? '.' : ', ' }}}
        </p>
      }
      @if (setupProblem(); as problem) {
        <div class="caution" role="note" data-testid="roles-setup-problem">
          <p><strong i18n>This may not be about your access.</strong> {{ problem }}</p>
          <p i18n>
            Tell your administrator: the app server’s log names the setting to change
            (<code>OIDC_ROLES_CLAIM</code>, now <code>{{ rolesClaim() }}</code>), and <code>npm run doctor</code> shows
            what the token carries.
          </p>
        </div>
      } @else {
        <p i18n>
          <strong>Whom to ask:</strong> the person who manages access to this app in your company’s identity provider
          (often the IT service desk). Once they add the role, sign out and sign in again.
        </p>
        @if (unrecognisedRoles()) {
          <p class="muted" data-testid="roles-unrecognised" i18n>
            If you should have access already: your sign-in carried roles or groups, but none that this app is set to
            recognise. Your administrator can compare them with <code>OIDC_ROLE_MAP</code> (<code>npm run doctor</code>
            shows them).
          </p>
        }
      }
      @if (openPages().length > 0) {
        <p><ng-container i18n>You can open:</ng-container>&ngsp;
          @for (page of openPages(); track page.path) {
            <a [routerLink]="page.path">{{ pageName(page.role) }}</a>{{ $last ? '' : ', ' }}
          }
        </p>
      }
      <div class="actions">
        <button type="button" class="button" (click)="signOut()" i18n>Sign out</button>
      </div>
    </section>
  `,
})
export class Forbidden {
  /** The role that was missing, from the query string. */
  readonly role = input<string | null>(null);

  private readonly session = inject(Session);
  private readonly authServer = inject(AuthServer);
  protected readonly pageName = featurePageName;
  protected readonly roleNames = FEATURE_PAGES.map((page) => page.role);
  protected readonly missingPage = computed(() => {
    const role = this.role();
    return isRole(role) ? FEATURE_PAGES.find((page) => page.role === role) : undefined;
  });
  protected readonly openPages = computed(() => FEATURE_PAGES.filter((page) => this.session.hasRole(page.role)));
  /** `OIDC_ROLES_CLAIM`, from the runtime config the sign-in loaded. */
  protected readonly rolesClaim = toSignal(from(this.authServer.load().then(({ config }) => config.rolesClaim, () => '?')), { initialValue: '…' });
  /**
   * When the token carried no usable roles claim, or only names no role is mapped from, the cause
   * is the app's settings more likely than the user's access: say so (the API logs the details).
   */
  protected readonly setupProblem = computed(() => {
    const user = this.session.user();
    if (user === null || user.roles.length > 0) return undefined;
    return describeSetupProblem(user.rolesClaim);
  });
  protected readonly unrecognisedRoles = computed(() => {
    const user = this.session.user();
    return user !== null && user.roles.length === 0 && user.rolesClaim === RolesClaimStatus.Unmatched;
  });

  protected signOut(): void {
    void this.session.signOut();
  }
}
