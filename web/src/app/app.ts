import { ChangeDetectionStrategy, Component, afterNextRender } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { preloadSignInProblem } from './auth/sign-in-problem-words';
import { Header } from './layout/header';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, Header],
  template: `
    <app-header />
    <main id="main">
      <router-outlet />
    </main>
  `,
})
export class App {
  constructor() {
    // After the first page is on screen, when the browser has nothing better to do.
    afterNextRender(() => whenIdle(preloadSignInProblem));
  }
}

function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}
