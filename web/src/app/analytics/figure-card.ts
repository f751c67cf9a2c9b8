import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import type { AnalyticsFigure } from '@app/contracts';
import { CsvDownload } from './csv-download';

let nextId = 0;

/**
 * One figure of the dashboard: its title, a CSV download of exactly its numbers, the chart (the
 * default content) and, under "Show as a table", the same numbers as a table (content marked
 * `table`), the chart's text alternative for anyone who cannot or would rather not read a chart.
 */
@Component({
  selector: 'app-figure-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="figure-card" [attr.aria-labelledby]="titleId" [attr.data-testid]="'figure-' + figure()">
      <header class="figure-head">
        <div>
          <h2 [id]="titleId">{{ title() }}</h2>
          @if (subtitle()) {
            <p class="figure-subtitle">{{ subtitle() }}</p>
          }
        </div>
        <button
          type="button"
          class="button small"
          [disabled]="downloading()"
          [attr.aria-label]="downloadLabel()"
          (click)="download()"
        >
          @if (downloading()) {
            <ng-container i18n="a file being made">Preparing…</ng-container>
          } @else {
            <ng-container i18n="the file format">CSV</ng-container>
          }
        </button>
      </header>
      @if (problem()) {
        <p role="alert" class="problem figure-problem">{{ problem() }}</p>
      }
      <ng-content />
      @if (hasTable()) {
        <details class="table-view">
          <summary i18n>Show as a table</summary>
          <div class="table-scroll" tabindex="0" [attr.aria-label]="tableLabel()">
            <ng-content select="[table]" />
          </div>
        </details>
      }
    </section>
  `,
})
export class FigureCard {
  readonly figure = input.required<AnalyticsFigure>();
  readonly title = input.required<string>();
  readonly subtitle = input<string>('');
  /** The API query of the figures shown, so the CSV holds the same numbers. */
  readonly query = input.required<Record<string, string>>();
  /** Whether the card has a table view (the contributors are a table already). */
  readonly hasTable = input(true);

  protected readonly titleId = `figure-title-${nextId++}`;
  protected readonly downloading = signal(false);
  protected readonly problem = signal('');
  protected readonly downloadLabel = computed(() => $localize`Download ${this.title().toLowerCase()}:figure: as CSV`);
  protected readonly tableLabel = computed(() => $localize`${this.title()}:figure:, table`);
  private readonly csv = inject(CsvDownload);

  protected async download(): Promise<void> {
    this.downloading.set(true);
    this.problem.set('');
    try {
      await this.csv.download(this.figure(), this.query());
    } catch {
      this.problem.set($localize`The CSV could not be downloaded. Try again in a moment.`);
    } finally {
      this.downloading.set(false);
    }
  }
}
