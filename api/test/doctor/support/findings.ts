/** Assertions on findings: status and what the lines say, one test one rule. */
import assert from 'node:assert/strict';
import type { Finding, FindingStatus } from '../../../src/doctor/finding.ts';

/** The finding as its printed text: title, then detail lines. */
export function textOf(finding: Finding): string {
  return [finding.title, ...finding.details].join('\n');
}

export function assertFinding(finding: Finding | undefined, status: FindingStatus, ...patterns: RegExp[]): void {
  assert.ok(finding, 'a finding');
  assert.equal(finding.status, status, `expected ${status.toUpperCase()}: ${textOf(finding)}`);
  for (const pattern of patterns) assert.match(textOf(finding), pattern);
}

/** The one finding whose title matches. */
export function findingTitled(findings: readonly Finding[], title: RegExp): Finding {
  const found = findings.filter((finding) => title.test(finding.title));
  assert.equal(found.length, 1, `one finding titled ${title}, among:\n${findings.map(textOf).join('\n')}`);
  return found[0] as Finding;
}
