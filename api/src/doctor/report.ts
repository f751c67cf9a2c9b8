/**
 * How `npm run doctor` prints: one line per check (`PASS`, `WARN`, `FAIL`, a title), the details
 * indented under it, a summary line; and the exit code (0 nothing failed, 1 something did, 2 the
 * environment itself is invalid).
 */
import type { ConfigError } from '../config.ts';
import type { Finding, FindingStatus } from './finding.ts';
import type { FindingGroup } from './run-doctor.ts';

const LABELS: Readonly<Record<FindingStatus, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const INDENT = '      ';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_ENVIRONMENT = 2;

export function formatFinding(finding: Finding): string[] {
  return [`${LABELS[finding.status]}  ${finding.title}`, ...finding.details.map((line) => `${INDENT}${line}`)];
}

export function formatGroups(groups: readonly FindingGroup[]): string[] {
  return groups.flatMap((group) => ['', `${group.heading}`, ...group.findings.flatMap(formatFinding)]);
}

export function summaryOf(findings: readonly Finding[]): string {
  const count = (status: FindingStatus) => findings.filter((finding) => finding.status === status).length;
  const failed = count('fail');
  const verdict = failed === 0 ? 'nothing fails' : `${failed} to fix before the app can work with this IdP`;
  const warnings = count('warn');
  return `Summary: ${count('pass')} passed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${failed} failed: ${verdict}`;
}

export function exitCodeOf(findings: readonly Finding[]): number {
  return findings.some((finding) => finding.status === 'fail') ? EXIT_FAILED : EXIT_OK;
}

/** An invalid environment, one `FAIL` per variable, as `loadConfig` found it. */
export function formatConfigError(error: ConfigError): string[] {
  return [
    ...error.issues.map((issue) => `FAIL  ${issue.variable} ${issue.problem}`),
    `Summary: the environment is invalid (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}): fix ${error.issues.length === 1 ? 'it' : 'them'} first; npm start would refuse it too`,
  ];
}
