import type { ChatMessage, ChatRoom } from '@app/contracts';

/** Adds a room (a `room.created` event, or one this user made), once, keeping the list by name as the API sends it. */
export function withRoom(rooms: readonly ChatRoom[], room: ChatRoom): readonly ChatRoom[] {
  if (rooms.some((known) => known.id === room.id)) return rooms;
  return [...rooms, room].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A new message in a room: its latest activity, and one more unread when someone else wrote it. */
export function withRoomActivity(rooms: readonly ChatRoom[], message: ChatMessage, { unread }: { unread: boolean }): ChatRoom[] {
  return rooms.map((room) =>
    room.id === message.roomId
      ? {
          ...room,
          unread: room.unread + (unread ? 1 : 0),
          lastMessageAt: room.lastMessageAt !== null && room.lastMessageAt > message.createdAt ? room.lastMessageAt : message.createdAt,
        }
      : room,
  );
}
