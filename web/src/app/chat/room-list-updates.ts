import type { ChatMessage, ChatRoom } from '@app/contracts';

/** The API's order: the user's own rooms first, then the others, each group by name. */
function compareRooms(a: ChatRoom, b: ChatRoom): number {
  if (a.mine !== b.mine) return a.mine ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Adds a room (a `room.created` event, or one this user made), once, in the API's order, if it
 * belongs to the part of the list loaded so far: a room that would sort after the last one loaded
 * comes with a later page (`complete`: every page is loaded, so it belongs).
 */
export function withRoom(rooms: readonly ChatRoom[], room: ChatRoom, { complete }: { complete: boolean }): readonly ChatRoom[] {
  if (rooms.some((known) => known.id === room.id)) return rooms;
  const last = rooms.at(-1);
  if (!complete && last !== undefined && compareRooms(room, last) > 0) return rooms;
  return [...rooms, room].sort(compareRooms);
}

/** Adds the rooms of the next page, keeping one of each (a room may have moved up since: made, or joined). */
export function withPage(rooms: readonly ChatRoom[], page: readonly ChatRoom[]): readonly ChatRoom[] {
  const known = new Set(rooms.map((room) => room.id));
  return [...rooms, ...page.filter((room) => !known.has(room.id))];
}

/** A new message in a room: its latest activity, and one more unread when someone else wrote it. */
export function withRoomActivity(room: ChatRoom, message: ChatMessage, { unread }: { unread: boolean }): ChatRoom {
  if (room.id !== message.roomId) return room;
  return {
    ...room,
    unread: room.unread + (unread ? 1 : 0),
    lastMessageAt: room.lastMessageAt !== null && room.lastMessageAt > message.createdAt ? room.lastMessageAt : message.createdAt,
  };
}
