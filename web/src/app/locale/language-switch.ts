import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, inject } from '@angular/core';
import { appLocale } from './app-locale';
import { LANGUAGES, nativeName, type Language } from './language';
import { storeLanguagePreference } from './language-preference';
import { storageOf } from './start-locale';

/**
 * The language switch in the top bar: each language in its own name and marked with its `lang`, the
 * current one pressed. Choosing another stores the choice (a preference, in `localStorage`) and
 * reloads, since every message was translated once, as the page started.
 */
@Component({
  selector: 'app-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Plain class names, which the top bar's phone layout (styles.css) relies on.
  encapsulation: ViewEncapsulation.None,
  styleUrl: './language-switch.css',
  template: `
    <div class="language-switch" role="group" i18n-aria-label aria-label="Language">
      @for (option of options; track option.language) {
        <button
          type="button"
          class="language-option"
          [attr.lang]="option.language"
          [attr.aria-pressed]="option.language === current"
          (click)="choose(option.language)"
        >{{ option.name }}</button>
      }
    </div>
  `,
})
export class LanguageSwitch {
  private readonly window = inject(DOCUMENT).defaultView;
  protected readonly current = appLocale().language;
  protected readonly options = LANGUAGES.map((language) => ({ language, name: nativeName(language) }));

  protected choose(language: Language): void {
    if (language === this.current || this.window === null) return;
    storeLanguagePreference(storageOf(this.window), language);
    this.window.location.reload();
  }
}
