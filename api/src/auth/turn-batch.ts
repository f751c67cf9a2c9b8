/**
 * Work gathered over one turn of the event loop and started together at the end of it.
 *
 * Under load, one turn of Node's event loop reads many requests: its poll phase hands over every
 * socket that has data, and Node runs each request as far as it can go before reading the next.
 * Each request's steps (its token check, the per-user limit, the handler, the answer) then
 * alternate with the other requests' other steps, and each step's code and data (OpenSSL's tables
 * for a signature, the cache, the serializer) leave the processor's caches before the next request
 * needs them. Started together in the turn's check phase (`setImmediate`), the token checks run
 * back to back, and so does every step after them, since the promises of those requests then
 * settle one step at a time, in order, in the microtask queue. Measured in the API on this
 * machine: a P-256 signature check took about 90 µs when each request ran on its own against
 * 64 µs in a loop, and the CPU time per request fell by a quarter to a third (ARCHITECTURE.md, "Speed").
 *
 * Nothing waits for a timer: a request alone waits only for the end of the turn that read it.
 */

/** Starts `work` with the rest of this turn's, after the turn's I/O: its result, or its error. */
export type TurnBatch = <T>(work: () => T | PromiseLike<T>) => Promise<T>;

export function createTurnBatch(): TurnBatch {
  let queued: (() => void)[] = [];
  const runQueued = (): void => {
    const jobs = queued;
    queued = [];
    for (const job of jobs) job();
  };
  return (work) =>
    new Promise((resolve, reject) => {
      if (queued.length === 0) setImmediate(runQueued);
      queued.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
    });
}
