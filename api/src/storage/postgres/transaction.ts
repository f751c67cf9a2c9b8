import type pg from 'pg';
import { isDatabaseOutage } from './outage.ts';

/**
 * Runs `work` in one transaction on one pooled connection: all of its writes, or none. READ
 * COMMITTED, as PostgreSQL defaults to: each statement sees what was committed before it started,
 * which the stores rely on after taking an advisory lock.
 *
 * A connection that failed is dropped from the pool, not reused. When COMMIT itself fails that
 * way, whether the transaction committed is unknown: the caller answers 503, and a client retrying
 * with its `Idempotency-Key` gets the message if it was made.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isDatabaseOutage(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
