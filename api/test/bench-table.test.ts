import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownTable, pairedRatioRow } from '../bench/bench-table.ts';

describe('the benchmark table', () => {
  it('takes a ratio as the median of the rounds’ own ratios, so a slow round weighs on both sides', () => {
    // The machine ran at half speed in the second and third rounds: each round's ratio is 0.8.
    const row = pairedRatioRow('P1', 'x', [800, 400, 400], 'req/s', 'y', [1000, 500, 500], '≥ 0.9×', 0.9);
    assert.equal(row.ratio, 0.8);
    assert.equal(row.met, false);
    // Rounds' ratios 1.5, 0.95 and 1.03: the median is 1.03, where the medians apart say 190 / 200.
    const drifting = pairedRatioRow('P3', 'x', [150, 190, 310], 'ms', 'y', [100, 200, 300], '≤ 1.2×', undefined, 1.2);
    assert.ok(Math.abs(drifting.ratio! - 310 / 300) < 1e-9);
    assert.equal(drifting.met, true);
    assert.equal(drifting.measured, '190 ms');
    assert.equal(drifting.baseline, 'y: 200 ms');
  });

  it('shows the span of the rounds’ ratios beside their median, so a goal inside it reads as noise', () => {
    const row = pairedRatioRow('P1', 'x', [200, 260, 240], 'req/s', 'y', [100, 100, 80], '≥ 2.5×', 2.5);
    assert.equal(row.ratio, 2.6);
    assert.deepEqual(row.ratioSpan, [2, 3]);
    assert.match(markdownTable([row]), /\| 2\.60× \(2\.00–3\.00\) \| ≥ 2\.5× \| yes \|/);
    // One round has no span to show.
    assert.equal(pairedRatioRow('P1', 'x', [200], 'req/s', 'y', [100], '').ratioSpan, undefined);
    assert.match(markdownTable([pairedRatioRow('P1', 'x', [200], 'req/s', 'y', [100], '')]), /\| 2\.00× \|/);
  });

  it('refuses rounds that do not pair up', () => {
    assert.throws(() => pairedRatioRow('P1', 'x', [1, 2], 'req/s', 'y', [1], ''), /2 rounds against 1/);
  });
});
