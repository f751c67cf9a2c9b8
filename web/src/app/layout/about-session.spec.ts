import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session, type Renewal, type RenewalStrategy } from '../auth/session';
import { AboutSession } from './about-session';

describe('AboutSession', () => {
  const strategy = signal<RenewalStrategy>('refresh-token');
  const lastRenewal = signal<Renewal | null>(null);
  const dpopJkt = signal<string | null>(null);
  let tokensForDoctor: string | null = 'access_token=a.b.c\nid_token=d.e.f';

  function render(): HTMLElement {
    TestBed.configureTestingModule({
      providers: [
        {
          provide: Session,
          useValue: {
            renewalStrategy: strategy,
            expiresAt: signal(Date.UTC(2030, 0, 1, 9, 0, 20)),
            renewsAt: signal(Date.UTC(2030, 0, 1, 9, 0, 15)),
            lastRenewal,
            sharedAcrossTabs: true,
            dpopJkt,
            tokensForDoctor: () => tokensForDoctor,
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(AboutSession);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says the session is renewed with the refresh token held by the token worker', () => {
    strategy.set('refresh-token');
    expect(render().querySelector('[data-testid="renewal-strategy"]')?.textContent).toContain('rotated refresh token');
  });

  it('says the session is renewed by silent re-authentication when the tab holds no refresh token', () => {
    strategy.set('silent-reauthentication');
    expect(render().querySelector('[data-testid="renewal-strategy"]')?.textContent).toContain('silent re-authentication');
  });

  it('says the tokens are DPoP-bound to this browser\'s key, and which key', () => {
    dpopJkt.set('0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I');
    const page = render();
    const binding = page.querySelector('[data-testid="token-binding"]')?.textContent ?? '';
    expect(binding).toContain('Yes (DPoP)');
    expect(binding).toContain('a copied token is refused elsewhere');
    expect(binding).toContain('0ZcOCORZ…');
    expect(page.querySelector('.for-support')?.textContent).toContain('a copy alone cannot call the app');
  });

  it('says the tokens are bearer tokens when nothing binds them', () => {
    dpopJkt.set(null);
    expect(render().querySelector('[data-testid="token-binding"]')?.textContent).toContain('No: bearer tokens');
  });

  it('says who renewed last', () => {
    lastRenewal.set({ at: Date.UTC(2030, 0, 1, 9, 0, 14), by: 'another tab' });
    expect(render().textContent).toContain('by another tab');
  });

  it('copies the tokens for the doctor only when asked, and says so', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(window.navigator, 'clipboard', { value: { writeText }, configurable: true });
    tokensForDoctor = 'access_token=a.b.c\nid_token=d.e.f';
    const page = render();
    expect(writeText).not.toHaveBeenCalled();
    (page.querySelector('.for-support button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(page.querySelector('[data-testid="copy-status"]')?.textContent).toContain('Copied'));
    expect(writeText).toHaveBeenCalledWith('access_token=a.b.c\nid_token=d.e.f');
  });
});
