import { Worker } from 'node:worker_threads';
import type { AnalyticsRoom, AnalyticsSummary } from '@app/contracts';
import type { DatabaseConfig } from '../config.ts';
import { AnalyticsTimeoutError } from '../storage/analytics-timeout.ts';
import { DatabaseUnavailableError } from '../storage/database-unavailable.ts';
import type { AnalyticsStore } from '../storage/storage.ts';
import type { AnalyticsSelection } from './analytics-query.ts';
import { summarize } from './summary.ts';

/** What the event loop sends the analytics thread, and what comes back. */
export interface AnalyticsJob {
  readonly id: number;
  readonly selection: AnalyticsSelection;
  readonly room: AnalyticsRoom | null;
}
export type AnalyticsJobResult =
  | { readonly id: number; readonly summary: AnalyticsSummary }
  | { readonly id: number; readonly error: { readonly kind: 'timeout' | 'unavailable' | 'failed'; readonly message: string } };

export interface AnalyticsThread {
  /**
   * The summary, worked out on the analytics thread, after the jobs sent before it.
   * @throws {AnalyticsTimeoutError} when it is not back within the budget, counted from now: a job
   * still queued then never runs; one running has its thread replaced.
   * @throws {DatabaseUnavailableError}
   */
  summarize(selection: AnalyticsSelection, room: AnalyticsRoom | null): Promise<AnalyticsSummary>;
  close(): Promise<void>;
}

export interface AnalyticsThreadOptions {
  readonly database: DatabaseConfig;
  /** `ANALYTICS_TIME_BUDGET_MS`. */
  readonly budgetMs: number;
  /**
   * The app's own store, for an in-memory SQLite database only, which no other thread can read:
   * its summaries are then worked out on the event loop, and refused once done if they took too long.
   */
  readonly inProcess: AnalyticsStore;
}

interface Pending {
  readonly job: AnalyticsJob;
  readonly resolve: (summary: AnalyticsSummary) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const WORKER_URL = new URL('./analytics-worker.ts', import.meta.url);

/**
 * The analytics off the event loop. `node:sqlite` runs a query synchronously, and a summary also
 * works out every local hour of its period with `Intl`: on the server's own thread, one analyst's
 * summaries stopped every other request while they ran (four froze `/api/health` for 6 s). Here
 * one worker thread, started on first use with a database connection of its own
 * (`storage/analytics-reader.ts`), works out one summary at a time, in order; the event loop only
 * posts a message and waits. A job past its budget is answered 503 at once: queued, it is dropped;
 * running, its thread is terminated (SQLite stops at the next statement; PostgreSQL's
 * `statement_timeout` ends the query) and a fresh one takes the jobs behind it.
 */
export function createAnalyticsThread({ database, budgetMs, inProcess }: AnalyticsThreadOptions): AnalyticsThread {
  if (database.kind === 'sqlite' && database.path === ':memory:') return summarizeInProcess(inProcess, budgetMs);
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let running: Pending | undefined;
  let nextId = 1;
  let closed = false;

  const settle = (pending: Pending): void => {
    clearTimeout(pending.timer);
    if (running === pending) running = undefined;
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_URL, { workerData: { database, budgetMs } });
    started.unref();
    started.on('message', (result: AnalyticsJobResult) => {
      const pending = running;
      if (started !== worker || pending === undefined || pending.job.id !== result.id) return;
      settle(pending);
      if ('summary' in result) pending.resolve(result.summary);
      else pending.reject(asError(result.error, budgetMs));
      pump();
    });
    const failed = (error: Error): void => {
      if (started !== worker) return;
      worker = undefined;
      const pending = running;
      if (pending !== undefined) {
        settle(pending);
        pending.reject(error);
      }
      pump();
    };
    started.on('error', failed);
    started.on('exit', (code) => failed(new Error(`the analytics thread exited (${code})`)));
    return started;
  };

  const pump = (): void => {
    if (closed || running !== undefined) return;
    const next = queue.shift();
    if (next === undefined) return;
    worker ??= start();
    running = next;
    worker.postMessage(next.job);
  };

  const expire = (pending: Pending): void => {
    if (running === pending) {
      const stuck = worker;
      worker = undefined;
      void stuck?.terminate();
    }
    const queued = queue.indexOf(pending);
    if (queued >= 0) queue.splice(queued, 1);
    settle(pending);
    pending.reject(new AnalyticsTimeoutError(budgetMs));
    pump();
  };

  return {
    summarize: (selection, room) =>
      new Promise<AnalyticsSummary>((resolve, reject) => {
        if (closed) return reject(new Error('the analytics thread is closed'));
        const job: AnalyticsJob = { id: nextId++, selection, room };
        const pending: Pending = { job, resolve, reject, timer: setTimeout(() => expire(pending), budgetMs) };
        queue.push(pending);
        pump();
      }),
    close: async () => {
      closed = true;
      for (const pending of [...queue.splice(0), ...(running === undefined ? [] : [running])]) {
        settle(pending);
        pending.reject(new Error('the analytics thread is closed'));
      }
      const last = worker;
      worker = undefined;
      await last?.terminate();
    },
  };
}

function asError({ kind, message }: { kind: 'timeout' | 'unavailable' | 'failed'; message: string }, budgetMs: number): Error {
  if (kind === 'timeout') return new AnalyticsTimeoutError(budgetMs);
  if (kind === 'unavailable') return new DatabaseUnavailableError();
  return new Error(`the analytics thread failed: ${message}`);
}

function summarizeInProcess(store: AnalyticsStore, budgetMs: number): AnalyticsThread {
  return {
    summarize: async (selection, room) => {
      const started = performance.now();
      const summary = await summarize(store, selection, room);
      if (performance.now() - started > budgetMs) throw new AnalyticsTimeoutError(budgetMs);
      return summary;
    },
    close: async () => undefined,
  };
}
