import { ChatLimits } from '@app/contracts';
import { InvalidChatInputError } from './chat-errors.ts';

const CURSOR = /^before:([1-9][0-9]{0,15})$/;

/**
 * The `olderCursor` of a history page: where the next older page ends. Opaque to the client
 * (base64url), so the API may change what it holds; not secret (every room is open to every chat
 * user, so a forged cursor reaches nothing a real one would not).
 */
export function encodeHistoryCursor(beforeSeq: number): string {
  return Buffer.from(`before:${beforeSeq}`).toString('base64url');
}

/**
 * The position a `before` cursor stands for.
 * @throws {InvalidChatInputError} for anything {@link encodeHistoryCursor} did not make.
 */
export function decodeHistoryCursor(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const seq = Number(CURSOR.exec(decoded)?.[1]);
  if (!Number.isSafeInteger(seq)) {
    throw new InvalidChatInputError("The before cursor is not valid: pass a page's olderCursor as it came");
  }
  return seq;
}

/**
 * The `limit` of a history page: a whole number from 1 to `ChatLimits.pageSizeMax`, or the default.
 * @throws {InvalidChatInputError}
 */
export function parsePageSize(limit: string | undefined): number {
  if (limit === undefined) return ChatLimits.pageSizeDefault;
  const size = /^[0-9]{1,4}$/.test(limit) ? Number(limit) : Number.NaN;
  if (!(size >= 1 && size <= ChatLimits.pageSizeMax)) {
    throw new InvalidChatInputError(`limit must be a whole number from 1 to ${ChatLimits.pageSizeMax}`);
  }
  return size;
}
