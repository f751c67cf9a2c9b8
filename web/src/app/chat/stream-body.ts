import { ChatEventType, type ChatEvent } from '@app/contracts';
import type { SseMessage, SseParser } from './sse-parser';

/** Heartbeats come every 20 s: a stream silent for longer than this is dead (a sleeping laptop, a lost route). */
export const SILENCE_LIMIT_MS = 50_000;

/**
 * Reads a stream's body through `parser`, handing each event to `onMessage` until it says `stop`,
 * the body ends, or nothing (not even a heartbeat) comes for {@link SILENCE_LIMIT_MS}.
 */
export async function readBody(
  response: Response,
  parser: SseParser,
  connection: AbortController,
  onMessage: (message: SseMessage) => 'continue' | 'stop',
): Promise<'ended' | 'stopped' | 'silent'> {
  const reader = response.body!.getReader();
  let silent = false;
  let watchdog = setTimeout(() => ((silent = true), connection.abort()), SILENCE_LIMIT_MS);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'ended';
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ((silent = true), connection.abort()), SILENCE_LIMIT_MS);
      for (const message of parser.push(value)) {
        if (onMessage(message) === 'stop') return 'stopped';
      }
    }
  } catch (error) {
    if (silent) return 'silent';
    throw error;
  } finally {
    clearTimeout(watchdog);
    reader.releaseLock();
  }
}

const EVENT_TYPES = new Set<string>(Object.values(ChatEventType));

/** The parsed event, or `null` for an unknown type or data that is not JSON (ignored: a newer server may send more). */
export function toChatEvent(message: SseMessage): ChatEvent | null {
  if (!EVENT_TYPES.has(message.type)) return null;
  try {
    return { id: message.id, type: message.type, data: JSON.parse(message.data) } as ChatEvent;
  } catch {
    return null;
  }
}
