import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session, type Renewal, type RenewalStrategy } from '../auth/session';
import { AboutSession } from './about-session';

describe('AboutSession', () => {
  const strategy = signal<RenewalStrategy>('refresh-token');
  const lastRenewal = signal<Renewal | null>(null);

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

  it('says who renewed last', () => {
    lastRenewal.set({ at: Date.UTC(2030, 0, 1, 9, 0, 14), by: 'another tab' });
    expect(render().textContent).toContain('by another tab');
  });
});
