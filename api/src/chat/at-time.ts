/** Node's timers fire at once for delays over 2^31-1 ms (~24.8 days), so longer waits go in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fire` at `timeMs` (epoch ms), or now if that has passed. @returns the cancel function. */
export function atTime(timeMs: number, fire: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const delay = timeMs - Date.now();
    if (delay <= 0) {
      fire();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
