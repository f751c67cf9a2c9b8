/**
 * Running one of the token guard's rules on a sample, and saying in lines why it refused, with the
 * operator hint the guard attaches (the variable to change, and how).
 */
import { InvalidTokenError } from '../auth/errors.ts';

/** The guard's refusal as lines: its message, then `VARIABLE: what to do` when it has a hint. */
export function refusalLines(error: unknown): string[] {
  if (!(error instanceof InvalidTokenError)) throw error;
  return [error.message, ...(error.hint === undefined ? [] : [`${error.hint.variable}: ${error.hint.detail}`])];
}

/** Runs one rule; `undefined` when it passes. */
export function refusal(rule: () => void): string[] | undefined {
  try {
    rule();
    return undefined;
  } catch (error) {
    return refusalLines(error);
  }
}

export { isTypedAccessToken } from '../auth/access-token-rules.ts';
