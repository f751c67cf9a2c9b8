import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AppPath, FEATURE_PAGES } from '@app/contracts';
import { Session } from '../auth/session';
import { AboutSession } from './about-session';
import { SessionNotice } from './session-notice';

/**
 * The top bar: the app's name, the pages the user's roles open, who is signed in (open it for
 * "About this session"), "Sign out", and under it any problem with the session.
 */
@Component({
  selector: 'app-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, AboutSession, SessionNotice],
  template: `
    <header class="topbar">
      <a class="brand" [routerLink]="paths.Home">
        <img src="favicon.svg" alt="" width="24" height="24" />
        Teamspace
      </a>
      @if (session.user(); as user) {
        @if (pages().length > 0) {
          <nav aria-label="Main">
            @for (page of pages(); track page.path) {
              <a [routerLink]="page.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ page.title }}</a>
            }
          </nav>
        }
        <div class="who">
          <details class="session-menu">
            <summary title="About this session"><span class="user-name" data-testid="user-name">{{ user.name }}</span></summary>
            <div class="session-panel"><app-about-session /></div>
          </details>
          <button type="button" class="button" (click)="signOut()" [disabled]="signingOut()">
            {{ signingOut() ? 'Signing out…' : 'Sign out' }}
          </button>
        </div>
      }
    </header>
    <app-session-notice />
  `,
})
export class Header {
  protected readonly session = inject(Session);
  protected readonly paths = AppPath;
  protected readonly pages = computed(() => FEATURE_PAGES.filter((page) => this.session.hasRole(page.role)));
  protected readonly signingOut = signal(false);

  protected signOut(): void {
    this.signingOut.set(true);
    void this.session.signOut();
  }
}
