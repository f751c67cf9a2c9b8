/**
 * What one check of `npm run doctor` found. A check is a small function that returns findings;
 * nothing in a finding is ever a token (only claim names and the IdP's public values).
 */

export type FindingStatus = 'pass' | 'warn' | 'fail';

export interface Finding {
  readonly status: FindingStatus;
  /** One short line: what was checked, or what is wrong. */
  readonly title: string;
  /** Lines printed under the title: what was seen, then what to change and where. */
  readonly details: readonly string[];
}

export function pass(title: string, ...details: string[]): Finding {
  return { status: 'pass', title, details };
}

export function warn(title: string, ...details: string[]): Finding {
  return { status: 'warn', title, details };
}

export function fail(title: string, ...details: string[]): Finding {
  return { status: 'fail', title, details };
}
