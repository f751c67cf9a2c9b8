/**
 * Stream clients of the delivery benchmark, in a process of their own (`stream-delivery.ts` forks
 * a few, pinned away from the server): each opens its share of live chat streams the way the SPA
 * does (`GET /api/chat/events` with the `Authorization` header), reads them with `node:http`, and
 * tells the parent, over IPC, when each stream got each message (`process.hrtime`, the system's
 * monotonic clock, which the parent's shares), once all its streams have it.
 */
import { Agent, request, type IncomingMessage } from 'node:http';

interface Open { readonly kind: 'open'; readonly url: string; readonly tokens: readonly string[] }
type FromParent = Open | { readonly kind: 'close' };

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const responses: IncomingMessage[] = [];
/** Per message body: the arrival time (ns) at each stream that has it. */
const arrivals = new Map<string, bigint[]>();
let streams = 0;

function openStream(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream refused: ${String(response.statusCode)}`));
      responses.push(response);
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event.includes('event: ready')) resolve();
          const body = /"body":"(bench [^"]*)"/.exec(event)?.[1];
          if (event.includes('event: message.created') && body !== undefined) arrived(body, process.hrtime.bigint());
        }
      });
    });
    sent.on('error', reject);
    sent.end();
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
    for (const response of responses) response.destroy();
    agent.destroy();
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
