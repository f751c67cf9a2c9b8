import { HttpErrorResponse } from '@angular/common/http';
import { ErrorCode, type ApiError } from '@app/contracts';
import { describeErrorCode, describeHttpStatus } from '../network/api-error-text';
import { formatWait } from '../locale/number-format';
import { parseRetryAfter } from '../network/retry-after';

/** What went wrong with a chat API call, in words the page can show as they are (a sentence). */
export interface ApiFailure {
  /**
   * `unreachable`: no answer (network down, server stopped); `unavailable`: a 5xx; `rate-limited`:
   * 429. These three are worth retrying. `refused`: any other 4xx.
   */
  readonly kind: 'unreachable' | 'unavailable' | 'rate-limited' | 'refused';
  readonly status: number;
  /** The API's `error` code, when it sent one. */
  readonly code: ErrorCode | null;
  readonly message: string;
  /** From `Retry-After`, in seconds, when the API sent it. */
  readonly retryAfterS: number | null;
}

/** How long to wait after a 429 that says nothing, in seconds. */
const DEFAULT_RETRY_AFTER_S = 5;

/**
 * Turns an `HttpClient` (or `fetch`) failure into an {@link ApiFailure}, in the SPA's own words for
 * the API's error code (the API's message is English, for developers: it is never shown).
 */
export function describeApiFailure(error: unknown, now = Date.now()): ApiFailure {
  if (!(error instanceof HttpErrorResponse) || error.status === 0) {
    return { kind: 'unreachable', status: 0, code: null, message: describeHttpStatus(0), retryAfterS: null };
  }
  const code = apiErrorOf(error.error)?.error ?? null;
  const message = (code === null ? undefined : describeErrorCode(code)) ?? describeHttpStatus(error.status);
  const retryAfterS = parseRetryAfter(error.headers.get('Retry-After'), now);
  if (error.status === 429) {
    // Every limit of the API answers 429 with how long to wait: the page says it.
    const wait = retryAfterS ?? DEFAULT_RETRY_AFTER_S;
    return { kind: 'rate-limited', status: 429, code, message: tooManyRequests(code, wait), retryAfterS: wait };
  }
  return { kind: error.status >= 500 ? 'unavailable' : 'refused', status: error.status, code, message, retryAfterS };
}

/** Whether trying the same request again later may work. */
export function isRetryable(failure: ApiFailure): boolean {
  return failure.kind !== 'refused';
}

function apiErrorOf(body: unknown): ApiError | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, message } = body as Partial<Record<keyof ApiError, unknown>>;
  return typeof error === 'string' && typeof message === 'string' ? { error: error as ErrorCode, message } : null;
}

/** A 429's words with the wait, for a code that says too many of something (its own words otherwise). */
function tooManyRequests(code: ErrorCode | null, waitS: number): string {
  const wait = formatWait(waitS);
  return code === ErrorCode.TooManyStreams
    ? $localize`:API error:Too many live connections from your network: try again in ${wait}:wait:.`
    : $localize`:API error:Too many requests: try again in ${wait}:wait:.`;
}
