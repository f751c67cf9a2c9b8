/**
 * Work gathered over one turn of the event loop and done together at the end of it.
 *
 * Under load, one turn of Node's event loop reads many requests: its poll phase hands over every
 * socket that has data, and each request then checks its token's signature. Checked as each
 * request comes, the signature checks alternate with everything else the requests do, which
 * pushes OpenSSL's code and tables out of the processor's caches between two checks: inside the
 * API a P-256 check took about 90 µs where it takes 64 µs in a loop. Gathered and run back to back
 * in the turn's check phase (`setImmediate`), they keep their caches warm, and so does the rest of
 * the requests' work, which then also runs back to back (see ARCHITECTURE.md, "Speed").
 *
 * Nothing waits for a timer: a request alone waits for the end of the turn that read it.
 */

/** Runs `work` with the rest of this turn's, after the turn's I/O: its result, or its error. */
export type TurnBatch = <T>(work: () => T) => Promise<T>;

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
