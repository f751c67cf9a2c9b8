import { ChatLimits, ROOM_NAME_PATTERN } from '@app/contracts';
import type { RoomCursor, RoomPageRequest } from '../storage/storage.ts';
import { InvalidChatInputError } from './chat-errors.ts';

/** What may follow a group letter in a cursor: a room name, or nothing (the group's start). */
const CURSOR = new RegExp(`^([mo]):(|${ROOM_NAME_PATTERN.slice(1, -1)})$`);
/** A search: part of a room name. */
const SEARCH = /^[a-z0-9-]{1,40}$/;

/**
 * The `nextCursor` of a room-list page: where the next page starts. Opaque to the client
 * (base64url), not secret: every room is open to every chat user.
 */
export function encodeRoomCursor(cursor: RoomCursor): string {
  return Buffer.from(`${cursor.mine ? 'm' : 'o'}:${cursor.name}`).toString('base64url');
}

/** @throws {InvalidChatInputError} for anything {@link encodeRoomCursor} did not make. */
export function decodeRoomCursor(cursor: string): RoomCursor {
  const decoded = /^[A-Za-z0-9_-]{1,80}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const match = CURSOR.exec(decoded);
  if (match === null) throw new InvalidChatInputError("after is not valid: pass a page's nextCursor as it came");
  return { mine: match[1] === 'm', name: match[2] ?? '' };
}

/**
 * The query of `GET /api/chat/rooms` (but `name`, a lookup of its own).
 * @throws {InvalidChatInputError} naming the parameter.
 */
export function parseRoomListQuery(query: { limit?: string; after?: string; q?: string }): RoomPageRequest {
  const search = query.q?.trim().toLowerCase() ?? '';
  if (search !== '' && !SEARCH.test(search)) {
    throw new InvalidChatInputError('q is part of a room name: up to 40 letters, digits and hyphens');
  }
  return {
    limit: parseRoomPageSize(query.limit),
    after: query.after === undefined ? undefined : decodeRoomCursor(query.after),
    search,
  };
}

function parseRoomPageSize(limit: string | undefined): number {
  if (limit === undefined) return ChatLimits.roomPageSizeDefault;
  const size = /^[0-9]{1,4}$/.test(limit) ? Number(limit) : Number.NaN;
  if (!(size >= 1 && size <= ChatLimits.roomPageSizeMax)) {
    throw new InvalidChatInputError(`limit must be a whole number from 1 to ${ChatLimits.roomPageSizeMax}`);
  }
  return size;
}
