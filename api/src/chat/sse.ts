/**
 * The server-sent events wire format (HTML Living Standard, "Server-sent events" §9.2.5): fields
 * one per line, an event ended by a blank line, `:` lines are comments.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export interface SseEvent {
  /** Becomes the client's last event id; absent for events that are not a place in the log. */
  readonly id?: number;
  readonly type: string;
  readonly data: unknown;
}

/** One event. JSON never holds a raw line break, so `data` is always a single line. */
export function formatSseEvent({ id, type, data }: SseEvent): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment: clients ignore it, proxies and load balancers see traffic and keep the stream open. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';
