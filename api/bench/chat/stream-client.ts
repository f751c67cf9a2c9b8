/**
 * Stream clients of the delivery benchmark, in a process of their own (`stream-delivery.ts` forks
 * a few, pinned away from the server): each opens its share of live chat streams the way the SPA
 * does (`GET /api/chat/events` with the `Authorization` header), reads them off plain sockets, and
 * tells the parent, over IPC, when each stream got each message (`process.hrtime`, the system's
 * monotonic clock, which the parent's shares), once all its streams have it.
 */
import { connect, type Socket } from 'node:net';

interface Open { readonly kind: 'open'; readonly url: string; readonly tokens: readonly string[] }
type FromParent = Open | { readonly kind: 'close' };

const sockets: Socket[] = [];
/** Per message body: the arrival time (ns) at each stream that has it. */
const arrivals = new Map<string, bigint[]>();
let streams = 0;

/**
 * One stream on a socket of its own, the request written by hand and the answer read as it comes:
 * `node:http`'s parser and response stream cost the client more than the server's write did, and
 * with a few thousand streams on one core the readers, not the server, set the figure. Each read
 * is timed as it arrives, before it is parsed. The body comes unchunked (the connection's close
 * ends it), so the text is the events alone.
 */
function openStream(url: string, token: string): Promise<void> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
    let head = true;
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const at = process.hrtime.bigint();
      buffer += chunk;
      if (head) {
        const endOfHead = buffer.indexOf('\r\n\r\n');
        if (endOfHead < 0) return;
        if (!buffer.startsWith('HTTP/1.1 200')) return reject(new Error(`stream refused: ${buffer.slice(0, buffer.indexOf('\r\n'))}`));
        head = false;
        buffer = buffer.slice(endOfHead + 4);
      }
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event.includes('event: ready')) resolve();
        const body = /"body":"(bench [^"]*)"/.exec(event)?.[1];
        if (event.includes('event: message.created') && body !== undefined) arrived(body, at);
      }
    });
    socket.on('error', reject);
  });
}

function arrived(body: string, at: bigint): void {
  const times = arrivals.get(body) ?? [];
  times.push(at);
  arrivals.set(body, times);
  if (times.length === streams) {
    arrivals.delete(body);
    process.send?.({ kind: 'arrived', body, times: times.map(String) });
  }
}

process.on('message', async (message: FromParent) => {
  if (message.kind === 'close') {
    for (const socket of sockets) socket.destroy();
    process.disconnect();
    return;
  }
  streams = message.tokens.length;
  try {
    for (let start = 0; start < message.tokens.length; start += 100) {
      await Promise.all(message.tokens.slice(start, start + 100).map((token) => openStream(message.url, token)));
    }
  } catch (error) {
    // A refused stream ends the run with its reason rather than leaving the parent waiting.
    console.error(error);
    process.exit(1);
  }
  process.send?.({ kind: 'ready' });
});
