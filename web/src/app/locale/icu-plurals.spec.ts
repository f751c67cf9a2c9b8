import { ChangeDetectionStrategy, Component, LOCALE_ID, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { clearTranslations } from '@angular/localize';
import { useAppLocale } from './app-locale';
import { startLocale } from './start-locale';

/**
 * The chat's two plural messages, word for word (so they are the same messages, with the same ids):
 * the French translations use French plural cases (`one` for 0 and 1), not the English ones.
 */
@Component({
  selector: 'app-plural-probe',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p id="new"><ng-container i18n>{unseen(), plural, =1 {1 new message} other {{{ unseen() }} new messages}}</ng-container></p>
    <p id="unread"><ng-container i18n>{unread(), plural, other {unread}}</ng-container></p>
  `,
})
class PluralProbe {
  readonly unseen = signal(1);
  readonly unread = signal(1);
}

describe('ICU plurals in French', () => {
  beforeAll(async () => {
    const window = { navigator: { languages: ['fr-FR'], language: 'fr-FR' }, localStorage: { getItem: () => null }, document } as unknown as Window;
    await startLocale(window);
  });
  afterAll(() => {
    clearTranslations();
    useAppLocale({ language: 'en', formatting: 'en-GB' });
    document.documentElement.lang = 'en';
  });

  beforeEach(() => TestBed.configureTestingModule({ providers: [{ provide: LOCALE_ID, useValue: 'fr' }] }));

  function render(unseen: number, unread: number): HTMLElement {
    const fixture = TestBed.createComponent(PluralProbe);
    fixture.componentInstance.unseen.set(unseen);
    fixture.componentInstance.unread.set(unread);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  const textOf = (element: HTMLElement, id: string) => element.querySelector(`#${id}`)?.textContent?.trim();

  it('writes one in the singular, with the French words', () => {
    const one = render(1, 1);
    expect([textOf(one, 'new'), textOf(one, 'unread')]).toEqual(['1 nouveau message', 'non lu']);
  });

  it('writes more in the plural', () => {
    const more = render(3, 2);
    expect([textOf(more, 'new'), textOf(more, 'unread')]).toEqual(['3 nouveaux messages', 'non lus']);
  });
});
