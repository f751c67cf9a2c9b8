import type { AnalyticsRoom, AnalyticsSummary } from '@app/contracts';
import { TooManySummariesError } from './analytics-errors.ts';
import type { AnalyticsSelection } from './analytics-query.ts';
import type { AnalyticsThread } from './analytics-thread.ts';

/**
 * How long a summary answers the same question again: a dashboard reloaded, its six CSV exports
 * (each the same summary), another analyst looking at the same period. New messages show after it.
 */
export const SUMMARY_CACHE_MS = 30_000;
/** Summaries kept at most; the oldest go first. */
const CACHE_ENTRIES = 200;

export interface SummaryService {
  /**
   * The summary of `selection` (and `room`) for `sub`: kept a short while and shared, so the same
   * question asked again, or by several people at once, is worked out once.
   * @throws {TooManySummariesError} when `sub` already has `concurrentPerUser` summaries being worked out.
   * @throws {AnalyticsTimeoutError} (from the analytics thread) past the time budget.
   */
  figures(sub: string, selection: AnalyticsSelection, room: AnalyticsRoom | null): Promise<AnalyticsSummary>;
}

export interface SummaryServiceOptions {
  /** `ANALYTICS_CONCURRENT_PER_USER`. */
  readonly concurrentPerUser: number;
  readonly cacheMs?: number;
}

/**
 * Shares the analytics thread fairly: each user may have a few summaries being worked out at once
 * (each waits its turn on the thread), so one analyst firing requests cannot make everyone else's
 * wait past the time budget; repeated questions come from a short-lived cache.
 */
export function createSummaryService(thread: Pick<AnalyticsThread, 'summarize'>, { concurrentPerUser, cacheMs = SUMMARY_CACHE_MS }: SummaryServiceOptions): SummaryService {
  const cache = new Map<string, { readonly expiresAt: number; readonly summary: Promise<AnalyticsSummary> }>();
  const working = new Map<string, number>();

  const forget = (now: number): void => {
    for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
    while (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  };

  return {
    figures: async (sub, selection, room) => {
      const key = JSON.stringify([selection.range, room?.id ?? null]);
      const now = Date.now();
      const known = cache.get(key);
      if (known !== undefined && known.expiresAt > now) return known.summary;
      const mine = working.get(sub) ?? 0;
      if (mine >= concurrentPerUser) throw new TooManySummariesError(concurrentPerUser);
      working.set(sub, mine + 1);
      forget(now);
      const summary = thread.summarize(selection, room);
      // Shared while it is worked out; kept once done; forgotten if it failed.
      cache.set(key, { expiresAt: Number.POSITIVE_INFINITY, summary });
      try {
        const figures = await summary;
        cache.set(key, { expiresAt: Date.now() + cacheMs, summary });
        return figures;
      } catch (error) {
        if (cache.get(key)?.summary === summary) cache.delete(key);
        throw error;
      } finally {
        const left = (working.get(sub) ?? 1) - 1;
        if (left === 0) working.delete(sub);
        else working.set(sub, left);
      }
    },
  };
}
