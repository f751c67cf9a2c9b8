/**
 * The analytics thread (node:worker_threads): works out whole summaries (the viewer's days and
 * hours, the counts, the folding) with a database connection of its own, one job at a time, as
 * analytics-thread.ts sends them, so none of it runs on the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyticsSummary } from '@app/contracts';
import type { DatabaseConfig } from '../config.ts';
import { openAnalyticsReader } from '../storage/analytics-reader.ts';
import { AnalyticsTimeoutError } from '../storage/analytics-timeout.ts';
import { DatabaseUnavailableError } from '../storage/database-unavailable.ts';
import type { AnalyticsJob, AnalyticsJobResult } from './analytics-thread.ts';
import { summarize } from './summary.ts';

const { database, budgetMs } = workerData as { database: DatabaseConfig; budgetMs: number };
const reader = openAnalyticsReader(database, budgetMs);

parentPort?.on('message', (job: AnalyticsJob) => {
  void run(job).then((result) => parentPort?.postMessage(result));
});

async function run({ id, selection, room }: AnalyticsJob): Promise<AnalyticsJobResult> {
  try {
    const summary: AnalyticsSummary = await summarize(reader, selection, room);
    return { id, summary };
  } catch (error) {
    const kind = error instanceof AnalyticsTimeoutError ? 'timeout' : error instanceof DatabaseUnavailableError ? 'unavailable' : 'failed';
    return { id, error: { kind, message: error instanceof Error ? error.message : String(error) } };
  }
}
