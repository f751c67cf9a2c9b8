import type { ChatMessage, MessagePage } from '@app/contracts';

/**
 * One room's messages as this tab knows them, built from history pages and live events. Every
 * change goes through the functions below, which apply messages **by id**: a message that comes
 * both in a page and as an event (or twice as an event, after a resumed stream) is shown once, in
 * its latest version, and a deleted one never comes back from a page that was read before the
 * deletion.
 */
export interface RoomTimeline {
  /** Oldest first. */
  readonly messages: readonly ChatMessage[];
  /** Whether the newest page has been loaded (events may arrive before it). */
  readonly loaded: boolean;
  /** The cursor for the page before the oldest loaded message; `null` when the room's first is loaded. */
  readonly olderCursor: string | null;
  /** Ids of messages deleted since this tab started following the room. */
  readonly deleted: ReadonlySet<string>;
}

export const EMPTY_TIMELINE: RoomTimeline = { messages: [], loaded: false, olderCursor: null, deleted: new Set() };

/** A `message.created` event (or the answer to this tab's own post). */
export function applyCreated(timeline: RoomTimeline, message: ChatMessage): RoomTimeline {
  if (timeline.deleted.has(message.id)) return timeline;
  const index = timeline.messages.findIndex((known) => known.id === message.id);
  if (index !== -1) return replaceAt(timeline, index, message);
  return { ...timeline, messages: insertInOrder(timeline.messages, message) };
}

/** A `message.updated` event: the edit shows where the message is; one not loaded is left to its page. */
export function applyUpdated(timeline: RoomTimeline, message: ChatMessage): RoomTimeline {
  const index = timeline.messages.findIndex((known) => known.id === message.id);
  return index === -1 ? timeline : replaceAt(timeline, index, message);
}

/** A `message.deleted` event (or this tab's own delete). */
export function applyDeleted(timeline: RoomTimeline, id: string): RoomTimeline {
  const deleted = new Set(timeline.deleted).add(id);
  return { ...timeline, deleted, messages: timeline.messages.filter((message) => message.id !== id) };
}

/**
 * The newest page, loaded after the stream said `ready`: messages that arrived as events meanwhile
 * are kept (by id, in their latest version), deleted ones left out.
 */
export function withNewestPage(timeline: RoomTimeline, page: MessagePage): RoomTimeline {
  let merged: RoomTimeline = { ...timeline, messages: [], loaded: true, olderCursor: page.olderCursor };
  for (const message of [...page.messages, ...timeline.messages]) merged = applyCreated(merged, message);
  return merged;
}

/** An older page, put before what is loaded; a message already shown is not shown again. */
export function withOlderPage(timeline: RoomTimeline, page: MessagePage): RoomTimeline {
  const known = new Set(timeline.messages.map((message) => message.id));
  const older = page.messages.filter((message) => !known.has(message.id) && !timeline.deleted.has(message.id));
  return { ...timeline, messages: [...older, ...timeline.messages], olderCursor: page.olderCursor };
}

/** The newest message, whose id marks the room read. */
export function newestMessage(timeline: RoomTimeline): ChatMessage | undefined {
  return timeline.messages.at(-1);
}

function replaceAt(timeline: RoomTimeline, index: number, message: ChatMessage): RoomTimeline {
  const current = timeline.messages[index]!;
  if (!isSameOrNewer(message, current)) return timeline;
  const messages = timeline.messages.slice();
  messages[index] = message;
  return { ...timeline, messages };
}

/** A version is newer when it was edited later; an unedited version never replaces an edited one. */
function isSameOrNewer(candidate: ChatMessage, current: ChatMessage): boolean {
  if (current.editedAt === null) return true;
  return candidate.editedAt !== null && Date.parse(candidate.editedAt) >= Date.parse(current.editedAt);
}

/** New messages are the newest, but a replayed or late one goes where its time puts it. */
function insertInOrder(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  const at = Date.parse(message.createdAt);
  let index = messages.length;
  while (index > 0 && Date.parse(messages[index - 1]!.createdAt) > at) index--;
  return [...messages.slice(0, index), message, ...messages.slice(index)];
}
