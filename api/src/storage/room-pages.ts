/**
 * The room list's paging, the same on both databases: the viewer's own rooms first, then the
 * others, each group by name, a page crossing from one group to the next when the first runs out.
 */
import type { ChatRoom } from '@app/contracts';
import type { RoomPage, RoomPageRequest } from './storage.ts';

/** The two groups, as a database reads them: at most `take` rooms after `after` (by name) whose name contains `search`. */
export interface RoomGroups {
  mine(after: string, take: number, search: string): Promise<ChatRoom[]>;
  others(after: string, take: number, search: string): Promise<ChatRoom[]>;
}

export async function readRoomPage(groups: RoomGroups, { limit, after, search }: RoomPageRequest): Promise<RoomPage> {
  const rooms: ChatRoom[] = [];
  if (after === undefined || after.mine) {
    // One more than a page says whether the group goes on.
    const mine = await groups.mine(after?.name ?? '', limit + 1, search);
    if (mine.length > limit) {
      const page = mine.slice(0, limit);
      return { rooms: page, next: { mine: true, name: page.at(-1)?.name ?? '' } };
    }
    rooms.push(...mine);
  }
  const from = after !== undefined && !after.mine ? after.name : '';
  const take = limit - rooms.length;
  const others = await groups.others(from, take + 1, search);
  const shown = others.slice(0, take);
  rooms.push(...shown);
  return { rooms, next: others.length > take ? { mine: false, name: shown.at(-1)?.name ?? from } : null };
}
