import { DatabaseUnavailableError } from '../database-unavailable.ts';
import type { Storage } from '../storage.ts';
import { createPostgresActionCounter } from './action-counter.ts';
import { createPostgresAnalyticsStore } from './analytics-store.ts';
import { createPostgresChatEventHub, type HubProblems } from './chat-event-hub.ts';
import { createPostgresChatEventLog } from './chat-event-log.ts';
import { createPostgresChatStore } from './chat-store.ts';
import { migratePostgres } from './migrations.ts';
import { createPostgresPool, POSTGRES_LIMITS, type PostgresLimits } from './pool.ts';
import { withOutagesAsUnavailable } from './outage.ts';

/** Where the storage reports what goes wrong with its connections (the app's logger). */
export interface StorageLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface PostgresStorageOptions {
  readonly log: StorageLog;
  readonly limits?: PostgresLimits;
}

/**
 * PostgreSQL, for several instances sharing one database: migrates (one instance at a time),
 * opens the pool, and starts listening for the chat events of every instance. Every method is
 * bounded by the pool's timeouts and throws `DatabaseUnavailableError` (503) when the database
 * cannot be reached; nothing needs restarting when it is back.
 *
 * @throws when the database cannot be reached or migrated at start: the server does not start.
 */
export async function openPostgresStorage(url: string, { log, limits = POSTGRES_LIMITS }: PostgresStorageOptions): Promise<Storage> {
  await migratePostgres(url, limits);
  const problems = {
    onConnectionError: (error: Error) => log.warn({ err: error }, 'a pooled PostgreSQL connection failed; it is dropped'),
  };
  const pool = createPostgresPool(url, limits, problems);
  const stores = withOutagesAsUnavailable({
    ...createPostgresChatStore(pool),
    ...createPostgresChatEventLog(pool),
    ...createPostgresAnalyticsStore(pool),
    ...createPostgresActionCounter(pool),
  });
  const hub = createPostgresChatEventHub(url, stores, limits, hubLog(log));
  try {
    await hub.start();
  } catch (error) {
    await Promise.all([hub.close(), pool.end()]);
    throw error;
  }
  return {
    ...stores,
    chatEvents: hub,
    checkReady: withOutagesAsUnavailable({
      checkReady: async () => {
        await pool.query('SELECT 1');
        if (!hub.listening) throw new DatabaseUnavailableError('Live chat events are reconnecting to the database; try again in a few seconds');
      },
    }).checkReady,
    close: async () => {
      await hub.close();
      await pool.end();
    },
  };
}

function hubLog(log: StorageLog): HubProblems {
  let readFailing = false;
  return {
    onListenerLost: (error) => log.warn({ err: error }, 'lost the PostgreSQL connection that listens for chat events; reconnecting'),
    onListenerBack: () => log.info({}, 'listening for chat events again; open streams catch up from the log'),
    // Once per outage, not once per retry.
    onReadFailed: (error) => {
      if (readFailing) return;
      readFailing = true;
      log.warn({ err: error }, 'cannot read the chat event log; retrying');
      setTimeout(() => (readFailing = false), 60_000).unref();
    },
  };
}
