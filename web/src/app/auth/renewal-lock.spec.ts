import { DOCUMENT } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { RenewalLock } from './renewal-lock';

describe('RenewalLock without Web Locks', () => {
  it('runs one renewal at a time in this tab, even when one fails', async () => {
    const lock = TestBed.inject(RenewalLock);
    const events: string[] = [];
    let release!: () => void;
    const first = lock.run(async () => {
      events.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('first ends');
      throw new Error('refused');
    });
    const second = lock.run(async () => {
      events.push('second runs');
      return 'renewed';
    });
    await Promise.resolve();
    expect(events).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe('renewed');
    expect(events).toEqual(['first starts', 'first ends', 'second runs']);
    expect(lock.acrossTabs).toBe(false);
  });
});

describe('RenewalLock with Web Locks', () => {
  /** A LockManager for one lock name: what the browser does across tabs. */
  function fakeLocks() {
    let held: Promise<unknown> | null = null;
    return {
      async request(_name: string, ...args: unknown[]): Promise<unknown> {
        const callback = args.at(-1) as (lock: object | null) => Promise<unknown>;
        const options = (args.length === 2 ? args[0] : {}) as { ifAvailable?: boolean };
        if (held && options.ifAvailable) return callback(null);
        while (held) await held.catch(() => undefined);
        const run = callback({});
        held = run;
        try {
          return await run;
        } finally {
          held = null;
        }
      },
    };
  }

  it('tells the task whether another tab held the lock first', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: DOCUMENT, useValue: { defaultView: { navigator: { locks: fakeLocks() } } } }] });
    const lock = TestBed.inject(RenewalLock);
    let release!: () => void;
    const otherTab = lock.run(async (waited) => {
      await new Promise<void>((resolve) => (release = resolve));
      return waited;
    });
    const thisTab = lock.run(async (waited) => waited);
    await Promise.resolve();
    release();
    expect(await otherTab).toBe(false);
    expect(await thisTab).toBe(true);
    expect(lock.acrossTabs).toBe(true);
  });
});
