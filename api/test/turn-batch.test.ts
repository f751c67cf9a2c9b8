import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTurnBatch } from '../src/auth/turn-batch.ts';

describe('work batched per turn of the event loop', () => {
  it('does the work asked for in one turn together, after the turn, in the order asked', async () => {
    const inTurnBatch = createTurnBatch();
    const done: string[] = [];
    const first = inTurnBatch(() => done.push('first'));
    // Scheduled between the two: it would run between them if each piece of work waited on its own.
    setImmediate(() => done.push('other immediate'));
    const second = inTurnBatch(() => done.push('second'));
    assert.deepEqual(done, [], 'nothing runs before the turn ends');
    await Promise.all([first, second]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(done, ['first', 'second', 'other immediate']);
  });

  it('gives each piece of work its own result, and an error only to the one that threw', async () => {
    const inTurnBatch = createTurnBatch();
    const results = await Promise.allSettled([
      inTurnBatch(() => 'kept'),
      inTurnBatch(() => {
        throw new Error('refused');
      }),
      inTurnBatch(() => 42),
    ]);
    assert.deepEqual(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)), ['kept', 'refused', 42]);
  });

  it('runs work asked for while a batch runs in the next turn, without losing it', async () => {
    const inTurnBatch = createTurnBatch();
    let later: Promise<string> | undefined;
    await inTurnBatch(() => {
      later = inTurnBatch(() => 'next turn');
    });
    assert.equal(await later, 'next turn');
  });
});
