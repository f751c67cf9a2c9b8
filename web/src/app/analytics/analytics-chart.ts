import { ChangeDetectionStrategy, Component, DOCUMENT, effect, ElementRef, inject, input } from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';

// Only what the dashboard draws, so the rest of Chart.js stays out of the bundle. This file is
// imported by the analytics page only: the library is in that page's lazy chunk.
Chart.register(BarController, BarElement, CategoryScale, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip, MatrixController, MatrixElement);
Chart.defaults.color = '#5b6478';

/**
 * One Chart.js chart on a canvas. Chart.js draws on the canvas and sets the canvas's size through
 * its `style` property (CSSOM, which the CSP allows); it writes no HTML and injects no `<style>`,
 * so it runs under `require-trusted-types-for 'script'` and a nonce-only `style-src`.
 *
 * The canvas is an image for assistive technology, named by `label`; the figure's table view (beside
 * it) carries the numbers.
 */
@Component({
  selector: 'app-analytics-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'chart-frame' },
  template: '',
})
export class AnalyticsChart {
  readonly config = input.required<ChartConfiguration<ChartType, unknown[]>>();
  readonly label = input.required<string>();
  readonly height = input(240);

  constructor() {
    // The canvas is made here rather than in a template, so the chart can be drawn in it from the
    // first run of the effect below.
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const canvas = inject(DOCUMENT).createElement('canvas');
    canvas.setAttribute('role', 'img');
    host.append(canvas);
    // The page's own font (styles.css), so the charts' words look like the text around them.
    Chart.defaults.font.family = getComputedStyle(host).fontFamily;
    effect(() => canvas.setAttribute('aria-label', this.label()));
    // CSSOM, which the CSP allows (a style attribute would not be).
    effect(() => (host.style.height = `${this.height()}px`));
    effect((onCleanup) => {
      const chart = new Chart(canvas, this.config());
      onCleanup(() => chart.destroy());
    });
  }
}
