import { StreamsFullError, TooManyStreamsError } from './chat-errors.ts';

/** How many live streams one user, one client address and this instance may hold. */
export interface StreamCaps {
  readonly perUser: number;
  readonly perAddress: number;
  readonly perInstance: number;
}

/** A stream's place under the caps, taken by {@link StreamCounter.reserve}. */
export interface StreamSlot {
  /** What to do when a newer stream of the same user needs this slot: tell the client, then end. */
  onEvicted(evict: (limit: number) => void): void;
  /** The stream ended: its place is free. Idempotent. */
  release(): void;
}

export interface StreamCounter {
  /**
   * Takes a place for a new stream of `sub` from `address` (already normalised: an IPv6 /64 is one
   * address). At the user's cap, the user's oldest stream is evicted to make room; the caps per
   * address and per instance refuse instead, since their streams are other people's. Synchronous, so
   * the caller opens the stream before anything else runs.
   *
   * @throws {TooManyStreamsError} the address holds `perAddress` streams (429).
   * @throws {StreamsFullError} the instance holds `perInstance` streams (503).
   */
  reserve(sub: string, address: string): StreamSlot;
}

interface Held {
  readonly sub: string;
  readonly address: string;
  evict: (limit: number) => void;
  released: boolean;
}

/**
 * The live-stream caps of one instance, in its memory: streams are connections to this process, so
 * they are counted where they are held (with several instances, each caps its own).
 *
 * Over the per-user cap, the **oldest** stream of that user gives way to the newest rather than the
 * newest being refused: the tab in front is the one the user is looking at, and a connection the
 * server still counts but the client lost (a laptop that slept, a reload) never locks the user out.
 * The evicted tab is told why (`too-many-streams`) and offers to take over, by hand.
 */
export function createStreamCounter(caps: StreamCaps): StreamCounter {
  const byUser = new Map<string, Held[]>();
  const byAddress = new Map<string, number>();
  let total = 0;

  const release = (held: Held): void => {
    if (held.released) return;
    held.released = true;
    total--;
    const mine = (byUser.get(held.sub) ?? []).filter((other) => other !== held);
    if (mine.length === 0) byUser.delete(held.sub);
    else byUser.set(held.sub, mine);
    const atAddress = (byAddress.get(held.address) ?? 1) - 1;
    if (atAddress === 0) byAddress.delete(held.address);
    else byAddress.set(held.address, atAddress);
  };

  return {
    reserve(sub, address) {
      const mine = byUser.get(sub) ?? [];
      const oldest = mine.length >= caps.perUser ? mine[0] : undefined;
      const freedHere = oldest !== undefined && oldest.address === address ? 1 : 0;
      const freed = oldest === undefined ? 0 : 1;
      if ((byAddress.get(address) ?? 0) - freedHere >= caps.perAddress) throw new TooManyStreamsError(caps.perAddress);
      if (total - freed >= caps.perInstance) throw new StreamsFullError();
      if (oldest !== undefined) {
        release(oldest);
        oldest.evict(caps.perUser);
      }
      const held: Held = { sub, address, evict: () => undefined, released: false };
      byUser.set(sub, [...(byUser.get(sub) ?? []), held]);
      byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
      total++;
      return {
        onEvicted: (evict) => (held.evict = evict),
        release: () => release(held),
      };
    },
  };
}
