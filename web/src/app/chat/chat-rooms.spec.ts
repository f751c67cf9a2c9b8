import { TestBed } from '@angular/core/testing';
import type { ChatRoom, ChatRoomList } from '@app/contracts';
import { ChatApi } from './chat-api';
import { ChatRooms } from './chat-rooms';

function room(name: string, mine = false): ChatRoom {
  return { id: `id-${name}`, name, topic: '', createdAt: '2030-01-01T09:00:00.000Z', unread: 0, lastMessageAt: null, mine };
}

describe('ChatRooms', () => {
  /** The list requests made, each answered with the pages the test set. */
  let asked: { after: string | null; q: string }[];
  let pages: Map<string, ChatRoomList>;
  let named: Map<string, ChatRoom | null>;
  let rooms: ChatRooms;

  beforeEach(() => {
    asked = [];
    pages = new Map();
    named = new Map();
    const api = {
      listRooms: async ({ after = null, q = '' }: { after?: string | null; q?: string } = {}) => {
        asked.push({ after, q });
        return pages.get(`${q}|${after ?? ''}`) ?? { rooms: [], nextCursor: null };
      },
      findRoom: async (name: string) => named.get(name) ?? null,
    };
    TestBed.configureTestingModule({ providers: [ChatRooms, { provide: ChatApi, useValue: api }] });
    rooms = TestBed.inject(ChatRooms);
  });

  it('loads the first page, then the next with its cursor, keeping one of each room', async () => {
    pages.set('|', { rooms: [room('mine', true), room('alpha')], nextCursor: 'c1' });
    pages.set('|c1', { rooms: [room('alpha'), room('beta')], nextCursor: null });
    await rooms.load();
    expect(rooms.hasMore()).toBe(true);
    await rooms.loadMore();
    expect(rooms.rooms()!.map((r) => r.name)).toEqual(['mine', 'alpha', 'beta']);
    expect(rooms.hasMore()).toBe(false);
    await rooms.loadMore();
    expect(asked).toHaveLength(2);
  });

  it('searches by part of a name, lower-cased, from the first page of the results', async () => {
    pages.set('|', { rooms: [room('alpha')], nextCursor: 'c1' });
    pages.set('news|', { rooms: [room('team-news')], nextCursor: null });
    await rooms.load();
    await rooms.searchFor('  NEWS ');
    expect(asked.at(-1)).toEqual({ after: null, q: 'news' });
    expect(rooms.rooms()!.map((r) => r.name)).toEqual(['team-news']);
    expect(rooms.hasMore()).toBe(false);
  });

  it('looks up by name a room the pages loaded do not hold, and says when there is none', async () => {
    pages.set('|', { rooms: [room('alpha')], nextCursor: 'c1' });
    named.set('zulu', room('zulu'));
    await rooms.load();
    expect(rooms.roomNamed('zulu')).toBeUndefined();
    await rooms.lookUp('zulu');
    await rooms.lookUp('nowhere');
    expect(rooms.roomNamed('zulu')?.id).toBe('id-zulu');
    expect(rooms.roomNamed('nowhere')).toBeNull();
  });

  it('shows a new room in its place when it belongs to the pages loaded, and leaves a later one to its page', async () => {
    pages.set('|', { rooms: [room('mine', true), room('alpha'), room('mike')], nextCursor: 'c1' });
    await rooms.load();
    rooms.added(room('bravo'));
    rooms.added(room('zulu'));
    expect(rooms.rooms()!.map((r) => r.name)).toEqual(['mine', 'alpha', 'bravo', 'mike']);
    // Not in the list yet, but known: opening it by its address does not ask the API.
    expect(rooms.roomNamed('zulu')?.id).toBe('id-zulu');
  });
});
