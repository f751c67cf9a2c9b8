import type { ChatMessage } from '@app/contracts';
import { EMPTY_TIMELINE, applyCreated, applyDeleted, applyUpdated, withNewestPage, withOlderPage } from './room-timeline';

function message(id: string, minute: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    roomId: 'r1',
    author: { sub: 'alice', name: 'Alice' },
    body: `text ${id}`,
    createdAt: new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString(),
    editedAt: null,
    ...overrides,
  };
}

const ids = (timeline: { messages: readonly ChatMessage[] }) => timeline.messages.map((m) => m.id);

describe('room timeline', () => {
  it('shows a message that comes twice as an event (a resumed stream replays it) once', () => {
    let timeline = applyCreated(EMPTY_TIMELINE, message('a', 1));
    timeline = applyCreated(timeline, message('a', 1));
    expect(ids(timeline)).toEqual(['a']);
  });

  it('shows a message once when it comes as an event and again in the newest page', () => {
    const live = applyCreated(EMPTY_TIMELINE, message('c', 3));
    const timeline = withNewestPage(live, { messages: [message('a', 1), message('b', 2), message('c', 3)], olderCursor: 'cursor-1' });
    expect(ids(timeline)).toEqual(['a', 'b', 'c']);
    expect(timeline.loaded).toBe(true);
    expect(timeline.olderCursor).toBe('cursor-1');
  });

  it('keeps a message that arrived after the page was read, after the page’s messages', () => {
    const live = applyCreated(EMPTY_TIMELINE, message('d', 4));
    const timeline = withNewestPage(live, { messages: [message('a', 1), message('b', 2)], olderCursor: null });
    expect(ids(timeline)).toEqual(['a', 'b', 'd']);
  });

  it('puts an older page before, without repeating a message already shown', () => {
    const newest = withNewestPage(EMPTY_TIMELINE, { messages: [message('c', 3), message('d', 4)], olderCursor: 'x' });
    const timeline = withOlderPage(newest, { messages: [message('a', 1), message('b', 2), message('c', 3)], olderCursor: null });
    expect(ids(timeline)).toEqual(['a', 'b', 'c', 'd']);
    expect(timeline.olderCursor).toBeNull();
  });

  it('applies an edit in place, and never lets an older version (a page read before the edit) undo it', () => {
    let timeline = withNewestPage(EMPTY_TIMELINE, { messages: [message('a', 1), message('b', 2)], olderCursor: null });
    const edited = message('a', 1, { body: 'edited', editedAt: new Date(Date.UTC(2026, 10, 24, 9, 5)).toISOString() });
    timeline = applyUpdated(timeline, edited);
    expect(timeline.messages[0]!.body).toBe('edited');
    timeline = withNewestPage(timeline, { messages: [message('a', 1), message('b', 2)], olderCursor: null });
    expect(timeline.messages.map((m) => m.body)).toEqual(['edited', 'text b']);
  });

  it('removes a deleted message, and a page read before the deletion does not bring it back', () => {
    let timeline = withNewestPage(EMPTY_TIMELINE, { messages: [message('a', 1), message('b', 2)], olderCursor: 'x' });
    timeline = applyDeleted(timeline, 'b');
    expect(ids(timeline)).toEqual(['a']);
    timeline = withNewestPage(timeline, { messages: [message('a', 1), message('b', 2)], olderCursor: 'x' });
    timeline = withOlderPage(timeline, { messages: [message('b', 2)], olderCursor: null });
    timeline = applyCreated(timeline, message('b', 2));
    expect(ids(timeline)).toEqual(['a']);
  });

  it('ignores an edit of a message it has not loaded (its page will show it as it is)', () => {
    const timeline = withNewestPage(EMPTY_TIMELINE, { messages: [message('b', 2)], olderCursor: 'x' });
    expect(applyUpdated(timeline, message('a', 1, { editedAt: new Date().toISOString() }))).toBe(timeline);
  });

  it('puts a late event where its time belongs', () => {
    let timeline = withNewestPage(EMPTY_TIMELINE, { messages: [message('a', 1), message('c', 3)], olderCursor: null });
    timeline = applyCreated(timeline, message('b', 2));
    expect(ids(timeline)).toEqual(['a', 'b', 'c']);
  });
});
