import { SseParser } from './sse-parser';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SseParser', () => {
  it('parses the events the chat API sends: id, event and one JSON data line', () => {
    const parser = new SseParser();
    const events = parser.push('id: 7\nevent: message.created\ndata: {"id":"m1"}\n\n');
    expect(events).toEqual([{ type: 'message.created', data: '{"id":"m1"}', id: '7', lastEventId: '7' }]);
    expect(parser.lastEventId).toBe('7');
  });

  it('ignores heartbeat comments and dispatches nothing for them', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('');
  });

  it('waits for the blank line: an event split over many chunks is dispatched once, whole', () => {
    const parser = new SseParser();
    const text = 'id: 12\nevent: room.created\ndata: {"name":"général"}\n\n';
    const encoded = bytes(text);
    const events = [];
    // One byte at a time, so a multi-byte character is split too.
    for (const byte of encoded) events.push(...parser.push(new Uint8Array([byte])));
    expect(events).toEqual([{ type: 'room.created', data: '{"name":"général"}', id: '12', lastEventId: '12' }]);
  });

  it('accepts CRLF and lone CR line ends, even a CRLF split between chunks', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\r\ndata: 1\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ type: 'a', data: '1', id: undefined, lastEventId: '' }]);
    expect(parser.push('data: 2\r\r')).toEqual([{ type: 'message', data: '2', id: undefined, lastEventId: '' }]);
  });

  it('joins data lines with a newline and drops only one space after the colon', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two spaces\ndata:none\ndata\n\n')).toEqual([
      { type: 'message', data: ' two spaces\nnone\n', id: undefined, lastEventId: '' },
    ]);
  });

  it('keeps the last event id for events without one (token-expired carries no id)', () => {
    const parser = new SseParser();
    parser.push('id: 3\nevent: ready\ndata: {}\n\n');
    const [expired] = parser.push('event: token-expired\ndata: {}\n\n');
    expect(expired).toEqual({ type: 'token-expired', data: '{}', id: undefined, lastEventId: '3' });
    expect(parser.lastEventId).toBe('3');
  });

  it('ignores an id holding NULL, and an event without data', () => {
    const parser = new SseParser();
    parser.push('id: 5\ndata: x\n\n');
    expect(parser.push('id: 6\0\ndata: y\n\n')[0]?.lastEventId).toBe('5');
    expect(parser.push('event: empty\n\n')).toEqual([]);
  });

  it('drops a leading byte order mark and unknown fields; reads retry', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFretry: 2500\nfoo: bar\ndata: ok\n\n')).toEqual([{ type: 'message', data: 'ok', id: undefined, lastEventId: '' }]);
    expect(parser.retryMs).toBe(2500);
  });

  it('does not dispatch an event the stream cut off before its blank line, nor count its id as seen', () => {
    const parser = new SseParser();
    parser.push('id: 8\nevent: ready\ndata: {}\n\n');
    expect(parser.push('id: 9\nevent: message.created\ndata: {"half":')).toEqual([]);
    // Resuming from 8 asks for event 9 again.
    expect(parser.lastEventId).toBe('8');
  });
});
