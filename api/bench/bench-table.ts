/**
 * The rows every part of `npm run bench` reports, and the one Markdown table `run.ts` prints from
 * them. A part prints each row as a line `bench-row <json>` on its stdout; the rest of its output
 * is for people and passes through.
 */

export interface BenchRow {
  /** P1 (the guard), P2 (the SPA's bytes), P3 (sign-in in Chromium), P4 (chat and analytics). */
  readonly part: string;
  readonly figure: string;
  /** The figure, formatted, with its unit. */
  readonly measured: string;
  /** What it is compared with, measured in the same run, formatted, with its unit. */
  readonly baseline: string;
  /** measured / baseline, when both are numbers of one kind. */
  readonly ratio: number | undefined;
  /**
   * For a ratio taken in rounds, the lowest and the highest of the rounds' own ratios: how far the
   * machine's noise moved it in this run. A goal inside that span is met or missed by chance.
   */
  readonly ratioSpan?: readonly [number, number];
  /** The goal, as people read it ("≥ 0.9×", "≤ 100 KB"), if there is one. */
  readonly goal: string;
  /** Whether the goal is met; undefined without a goal. */
  readonly met: boolean | undefined;
}

export const ROW_PREFIX = 'bench-row ';

export function emitRow(row: BenchRow): void {
  console.log(`${ROW_PREFIX}${JSON.stringify(row)}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const number = (value: number): string => (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(value >= 10 ? 1 : 2));

/**
 * A row comparing `measured` with `baseline` (both in `unit`). With `atLeast`, the goal is a
 * ratio of at least that; with `atMost`, of at most that.
 */
export function ratioRow(
  part: string,
  figure: string,
  measured: number,
  unit: string,
  baselineName: string,
  baseline: number,
  goal: string,
  atLeast?: number,
  atMost?: number,
): BenchRow {
  const ratio = measured / baseline;
  return { part, figure, measured: `${number(measured)} ${unit}`, baseline: `${baselineName}: ${number(baseline)} ${unit}`, ratio, goal, met: isMet(ratio, atLeast, atMost) };
}

function isMet(ratio: number, atLeast: number | undefined, atMost: number | undefined): boolean | undefined {
  return atLeast !== undefined ? ratio >= atLeast : atMost !== undefined ? ratio <= atMost : undefined;
}

/**
 * A row comparing measurements taken in rounds, each round measuring the figure and its baseline
 * one after the other: `measured` and `baseline` are per round, in the same order. The row shows
 * the median of each, and as its ratio the median of the rounds' own ratios, so that a machine
 * slowing down or speeding up between rounds (a neighbour's load on a shared host) moves both
 * sides of a ratio, not one. The lowest and highest of those ratios are shown beside it. The goal
 * is read as in {@link ratioRow}.
 */
export function pairedRatioRow(
  part: string,
  figure: string,
  measured: readonly number[],
  unit: string,
  baselineName: string,
  baseline: readonly number[],
  goal: string,
  atLeast?: number,
  atMost?: number,
): BenchRow {
  if (measured.length !== baseline.length) throw new Error(`${figure}: ${measured.length} rounds against ${baseline.length}`);
  const row = ratioRow(part, figure, median(measured), unit, baselineName, median(baseline), goal, atLeast, atMost);
  const ratios = measured.map((value, round) => value / baseline[round]!);
  const ratio = median(ratios);
  return { ...row, ratio, ...(ratios.length > 1 ? { ratioSpan: [Math.min(...ratios), Math.max(...ratios)] } : {}), met: isMet(ratio, atLeast, atMost) };
}

/** The rows as one Markdown table. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| part | figure | measured | baseline (same run) | ratio (lowest–highest round) | goal | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const span = row.ratioSpan === undefined ? '' : ` (${row.ratioSpan.map((value) => value.toFixed(2)).join('–')})`;
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×${span}`;
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
    lines.push(`| ${row.part} | ${row.figure} | ${row.measured} | ${row.baseline} | ${ratio} | ${row.goal} | ${met} |`);
  }
  return lines.join('\n');
}
