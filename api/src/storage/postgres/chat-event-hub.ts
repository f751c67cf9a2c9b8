import pg from 'pg';
import type { ChatEventHub, ChatEventListener, ChatLiveEvent } from '../../chat/event-hub.ts';
import type { ChatEventLog, ChatLoggedEvent } from '../storage.ts';
import { CHAT_EVENTS_CHANNEL } from './advisory-locks.ts';
import { connectionConfig, type PostgresLimits } from './pool.ts';

/** What the hub says about its connection, for the log. */
export interface HubProblems {
  onListenerLost(error: Error | undefined): void;
  onListenerBack(): void;
  onReadFailed(error: unknown): void;
}

/** How the hub follows the log; named so tests and readers see the numbers. */
export interface HubTimings {
  /** First wait before reconnecting the listener; doubled each failure, up to `maxReconnectMs`. */
  readonly reconnectMs: number;
  readonly maxReconnectMs: number;
  /**
   * How often the listener's connection is checked with a query: a server that vanished without
   * closing it (a network partition) is noticed within this and `query_timeout`.
   */
  readonly heartbeatMs: number;
  /** Events read from the log at a time. */
  readonly pageSize: number;
}

export const HUB_TIMINGS: HubTimings = { reconnectMs: 200, maxReconnectMs: 3_000, heartbeatMs: 10_000, pageSize: 500 };

export interface PostgresChatEventHub extends ChatEventHub {
  /** Reads where the log is, then listens. @throws when the database cannot be reached. */
  start(): Promise<void>;
  /** Whether the listener is connected: events of other instances reach this one. */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * The chat's events across instances, through PostgreSQL itself (no second server). Each instance
 * keeps one connection that `LISTEN`s on {@link CHAT_EVENTS_CHANNEL}; a write's transaction
 * `NOTIFY`s its event's `seq` (see chat-store.ts), delivered at commit. Any notification, and any
 * local `publish`, only wakes the hub: it then reads the log after the last event it delivered and
 * hands each event to its listeners (the instance's open streams), exactly once, in log order.
 * So a notification that is lost, late or duplicated changes nothing but timing, and the payloads
 * are read as things are now (an edit shows, deleted text is never sent), as on a replay.
 *
 * A post's `Idempotency-Key` is not in the log: it comes with the event's notification (and, on
 * the instance that took the post, with `publish`), is kept by event id until the hub reads that
 * event, and is handed on with it (own-echo.ts), so the author's streams on every instance match
 * their echo by key. Should the event be read before its notification arrives (another wake-up
 * read it first), it goes without the key, and the author's app matches it by the post's answer.
 *
 * When the listener's connection is lost (the database restarts, the network drops), the hub
 * reconnects by itself, with a growing wait, listens again, and catches up from the log: streams
 * stay open meanwhile, and get what they missed, in order, once it is back. A failed read is tried
 * again the same way.
 */
export function createPostgresChatEventHub(
  url: string,
  log: ChatEventLog,
  limits: PostgresLimits,
  problems: HubProblems,
  timings: HubTimings = HUB_TIMINGS,
): PostgresChatEventHub {
  const listeners = new Set<ChatEventListener>();
  /** Keys of posts published here, by event id, until the hub delivers those events. */
  const keys = new Map<number, string>();
  /** The newest event this hub has handed to its listeners (or skipped, having none). */
  let position = 0;
  let reading = false;
  let readAgain = false;
  let client: pg.Client | undefined;
  let listening = false;
  let closing = false;
  let reconnectFailures = 0;
  let readFailures = 0;
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const backoff = (failures: number): number =>
    Math.min(timings.maxReconnectMs, timings.reconnectMs * 2 ** Math.min(failures, 16)) * (0.75 + Math.random() / 2);

  /** A key for an event already delivered (its answer matched the post, or nothing listened) is dropped. */
  const keepKey = (id: number, idempotencyKey: string | undefined): void => {
    if (idempotencyKey !== undefined && id > position) keys.set(id, idempotencyKey);
  };

  const deliver = (logged: ChatLoggedEvent): void => {
    const idempotencyKey = keys.get(logged.id);
    keys.delete(logged.id);
    const event: ChatLiveEvent = idempotencyKey === undefined ? logged : { ...logged, idempotencyKey };
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        listeners.delete(listener);
      }
    }
  };

  /** Reads and delivers every event after `position`; one read at a time, again if woken meanwhile. */
  const catchUp = async (): Promise<void> => {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        for (;;) {
          const page = await log.readEventsAfter(position, timings.pageSize);
          for (const event of page.events) deliver(event);
          position = page.through;
          if (!page.more || closing) break;
        }
      } while (readAgain && !closing);
      readFailures = 0;
    } catch (error) {
      problems.onReadFailed(error);
      if (!closing) later(backoff(readFailures++), () => void catchUp());
    } finally {
      reading = false;
    }
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client(connectionConfig(url, limits, 'teamspace-chat-events'));
    const lost = (error?: Error): void => {
      if (client !== next) return;
      client = undefined;
      listening = false;
      void next.end().catch(() => undefined);
      if (closing) return;
      problems.onListenerLost(error);
      later(backoff(reconnectFailures++), () => void reconnect());
    };
    next.on('error', lost);
    next.on('end', () => lost());
    next.on('notification', ({ channel, payload }) => {
      if (channel !== CHAT_EVENTS_CHANNEL) return;
      const notified = readNotification(payload);
      if (notified !== undefined) keepKey(notified.seq, notified.idempotencyKey);
      void catchUp();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHAT_EVENTS_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    listening = true;
    heartbeat(next, lost);
  };

  /** A query now and then on the listener's connection, so a silent loss is found. */
  const heartbeat = (watched: pg.Client, lost: (error?: Error) => void): void => {
    later(timings.heartbeatMs, () => {
      if (client !== watched) return;
      watched.query('SELECT 1').then(() => heartbeat(watched, lost), (error: Error) => lost(error));
    });
  };

  const reconnect = async (): Promise<void> => {
    if (closing) return;
    try {
      await connect();
    } catch (error) {
      if (!closing) later(backoff(reconnectFailures++), () => void reconnect());
      return;
    }
    reconnectFailures = 0;
    problems.onListenerBack();
    // Events committed while no one listened are in the log: read them now.
    await catchUp();
  };

  return {
    start: async () => {
      position = (await log.eventLogPosition()).head;
      await connect();
      // Events committed between reading the position and listening.
      await catchUp();
    },
    get listening() {
      return listening;
    },
    // The event is committed: read the log now rather than wait for the notification.
    publish: ({ id, idempotencyKey }) => {
      keepKey(id, idempotencyKey);
      void catchUp();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    close: async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      keys.clear();
      const open = client;
      client = undefined;
      listening = false;
      await open?.end().catch(() => undefined);
    },
  };
}

/** A notification's payload, `<seq>` or `<seq> <key>` (chat-store.ts `logEvent`); undefined if it is neither. */
function readNotification(payload: string | undefined): { readonly seq: number; readonly idempotencyKey?: string } | undefined {
  const [seqText = '', idempotencyKey, ...rest] = (payload ?? '').split(' ');
  const seq = Number(seqText);
  if (!/^\d+$/.test(seqText) || !Number.isSafeInteger(seq) || rest.length > 0 || idempotencyKey === '') return undefined;
  return idempotencyKey === undefined ? { seq } : { seq, idempotencyKey };
}
