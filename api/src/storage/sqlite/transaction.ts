import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one transaction: all of its writes, or none. `BEGIN IMMEDIATE` takes the write
 * lock first, so a check made inside (a name not taken yet, a key not used yet) still holds when
 * the write lands, even with another process on the same file. `work` must be synchronous:
 * nothing else runs on this connection meanwhile.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
