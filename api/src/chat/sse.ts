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

/** Frames already made, by event object: an event fanned out to many streams is the same object. */
const frames = new WeakMap<SseEvent, Buffer>();

/**
 * {@link formatSseEvent} as the bytes written to the socket, made once per event object: a live
 * event goes to every open stream as this one shared Buffer (never changed once made), so a stream
 * costs a write, not a `JSON.stringify` and a UTF-8 encoding.
 */
export function sseFrame(event: SseEvent): Buffer {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = Buffer.from(formatSseEvent(event), 'utf8');
    frames.set(event, frame);
  }
  return frame;
}

/** A comment: clients ignore it, proxies and load balancers see traffic and keep the stream open. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';
