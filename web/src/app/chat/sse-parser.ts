/**
 * A server-sent events parser for a stream read with `fetch` (the chat's live stream needs the
 * `Authorization` header, which `EventSource` cannot send). It follows the HTML Living Standard's
 * "event stream interpretation": lines end with CRLF, LF or CR (even split between chunks), `:`
 * lines are comments, one space after the colon is dropped, `data` lines join with `\n`, an event
 * ends at a blank line, an `id` holding NULL is ignored, and an event cut off by the end of the
 * stream is dropped.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** One event, as it is dispatched. */
export interface SseMessage {
  /** `event:`, or `message` when the event named none. */
  readonly type: string;
  readonly data: string;
  /** This event's own `id:` field, if it had one. */
  readonly id: string | undefined;
  /** The stream's last event id once this event is dispatched (ids carry over to later events). */
  readonly lastEventId: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private startOfStream = true;
  /** The previous chunk ended with CR: an LF starting the next one belongs to that line end. */
  private pendingCarriageReturn = false;
  private data: string[] = [];
  private type = '';
  private id: string | undefined;
  /** The last event id buffer: set by `id:`, it becomes the stream's last event id at the next dispatch. */
  private idBuffer = '';
  private lastId = '';
  /** The `retry:` field's reconnection time, in ms, if the server sent one. */
  retryMs: number | undefined;

  /**
   * The id of the last event dispatched (or carried over to it): send it as `Last-Event-ID` when
   * reconnecting. An event cut off before its end does not count, so it is asked for again.
   */
  get lastEventId(): string {
    return this.lastId;
  }

  /** Feeds bytes (or text) as they arrive; returns the events they complete. */
  push(chunk: Uint8Array | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.startOfStream && text.length > 0) {
      this.startOfStream = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    if (text.length === 0) return [];
    if (this.pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.pendingCarriageReturn = false;
    this.buffer += text;

    const events: SseMessage[] = [];
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = lineEnd.exec(this.buffer); match !== null; match = lineEnd.exec(this.buffer)) {
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCarriageReturn = true;
      const event = this.processLine(this.buffer.slice(start, match.index));
      if (event !== undefined) events.push(event);
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private processLine(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.id = value;
          this.idBuffer = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const { data, type, id } = this;
    this.lastId = this.idBuffer;
    this.data = [];
    this.type = '';
    this.id = undefined;
    if (data.length === 0) return undefined;
    return { type: type === '' ? 'message' : type, data: data.join('\n'), id, lastEventId: this.lastId };
  }
}
