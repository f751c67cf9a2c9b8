import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session } from '../auth/session';
import type { SignInProblem } from '../auth/sign-in-problem';
import { SessionNotice } from './session-notice';

describe('SessionNotice', () => {
  const problem = signal<SignInProblem | null>(null);
  const retryNow = vi.fn();

  function render() {
    TestBed.configureTestingModule({ providers: [{ provide: Session, useValue: { problem, retryNow } }] });
    const fixture = TestBed.createComponent(SessionNotice);
    fixture.detectChanges();
    return fixture;
  }

  it('shows nothing while the session is fine', () => {
    problem.set(null);
    expect((render().nativeElement as HTMLElement).querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the problem with its fix, and tries again at once on request', () => {
    problem.set({ code: 'idp_unreachable', title: 'The identity provider cannot be reached', detail: 'No answer.', fix: 'Check your connection.' });
    const element = render().nativeElement as HTMLElement;
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('The identity provider cannot be reached');
    expect(element.textContent).toContain('Check your connection.');
    element.querySelector('button')!.click();
    expect(retryNow).toHaveBeenCalledTimes(1);
  });
});
