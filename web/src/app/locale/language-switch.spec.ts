import { DOCUMENT } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { useAppLocale } from './app-locale';
import { LANGUAGE_PREFERENCE_KEY } from './language-preference';
import { LanguageSwitch } from './language-switch';

describe('LanguageSwitch', () => {
  const reload = vi.fn();

  function render(): HTMLElement {
    const document = TestBed.inject(DOCUMENT);
    Object.defineProperty(document.defaultView!, 'location', { value: { reload }, configurable: true });
    const fixture = TestBed.createComponent(LanguageSwitch);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    reload.mockClear();
    localStorage.clear();
    useAppLocale({ language: 'en', formatting: 'en-GB' });
  });

  it('offers each language in its own name and language, the current one pressed, in a labelled group', () => {
    const element = render();
    expect(element.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe('Language');
    const buttons = [...element.querySelectorAll('button')];
    expect(buttons.map((button) => [button.textContent?.trim(), button.lang, button.getAttribute('aria-pressed')])).toEqual([
      ['English', 'en', 'true'],
      ['Français', 'fr', 'false'],
    ]);
  });

  it('stores the choice and reloads, so every message is translated anew', () => {
    const french = [...render().querySelectorAll('button')][1]!;
    french.click();
    expect(localStorage.getItem(LANGUAGE_PREFERENCE_KEY)).toBe('fr');
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does nothing for the language already shown', () => {
    [...render().querySelectorAll('button')][0]!.click();
    expect(reload).not.toHaveBeenCalled();
    expect(localStorage.getItem(LANGUAGE_PREFERENCE_KEY)).toBeNull();
  });
});
