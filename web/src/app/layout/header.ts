import { ChangeDetectionStrategy, Component, ViewContainerRef, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AppPath, FEATURE_PAGES } from '@app/contracts';
import { Session } from '../auth/session';
import { LanguageSwitch } from '../locale/language-switch';
import { loadAboutSession } from './about-session-loader';
import { featurePageName } from './feature-page-name';
import { SessionNotice } from './session-notice';

/**
 * The top bar: the app's name, the pages the user's roles open, who is signed in (open it for
 * "About this session"), "Sign out", the language switch, and under it any problem with the session.
 * "About this session" is a lazy chunk (about-session-loader.ts), put in its panel when first opened.
 */
@Component({
  selector: 'app-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, LanguageSwitch, SessionNotice],
  template: `
    <header class="topbar">
      <a class="brand" [routerLink]="paths.Home">
        <img src="favicon.svg" alt="" width="24" height="24" />
        <span class="brand-name" i18n="the app's name">Teamspace</span>
      </a>
      @if (session.user(); as user) {
        @if (pages().length > 0) {
          <nav i18n-aria-label aria-label="Main">
            @for (page of pages(); track page.path) {
              <a [routerLink]="page.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ pageName(page.role) }}</a>
            }
          </nav>
        }
        <div class="who">
          <details class="session-menu" (toggle)="showAboutSession()">
            <summary i18n-title title="About this session"><span class="user-name" data-testid="user-name">{{ user.name }}</span></summary>
            <div class="session-panel">
              <ng-container #aboutPanel />
              @if (aboutUnavailable()) {
                <p class="muted" i18n>Check your connection, then reload the page.</p>
              }
            </div>
          </details>
          <button type="button" class="button" (click)="signOut()" [disabled]="signingOut()">
            @if (signingOut()) {
              <ng-container i18n>Signing out…</ng-container>
            } @else {
              <ng-container i18n>Sign out</ng-container>
            }
          </button>
        </div>
      }
      <app-language-switch />
    </header>
    <app-session-notice />
  `,
})
export class Header {
  protected readonly session = inject(Session);
  protected readonly paths = AppPath;
  protected readonly pages = computed(() => FEATURE_PAGES.filter((page) => this.session.hasRole(page.role)));
  protected readonly signingOut = signal(false);
  protected readonly pageName = featurePageName;
  protected readonly aboutUnavailable = signal(false);
  private readonly aboutPanel = viewChild('aboutPanel', { read: ViewContainerRef });

  /** Puts "About this session" in its panel, once per panel (a new sign-in makes a new one). */
  protected async showAboutSession(): Promise<void> {
    if (this.aboutPanel()?.length !== 0) return;
    try {
      const panel = await loadAboutSession();
      if (this.aboutPanel()?.length === 0) this.aboutPanel()!.createComponent(panel);
      this.aboutUnavailable.set(false);
    } catch {
      this.aboutUnavailable.set(true);
    }
  }

  protected signOut(): void {
    this.signingOut.set(true);
    void this.session.signOut();
  }
}
