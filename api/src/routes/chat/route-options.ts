import { Role } from '@app/contracts';
import { Type } from 'typebox';
import type { ChatEventHub } from '../../chat/event-hub.ts';
import type { ChatStore } from '../../storage/storage.ts';

/** What every chat route declares: role `chat` (RFC 6750 403 `insufficient_scope` without it). */
export const CHAT_ROLE = { auth: { role: Role.Chat } } as const;

/** The ids the API makes are UUIDs; anything not id-shaped is a 400, not a database lookup. */
const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** Whether a value from a body could be an id the API made (see {@link ID_PATTERN}). */
export function isIdShaped(value: string): boolean {
  return new RegExp(ID_PATTERN).test(value);
}

export const RoomParamsSchema = Type.Object({ roomId: Type.String({ pattern: ID_PATTERN }) });
export const MessageParamsSchema = Type.Object({ messageId: Type.String({ pattern: ID_PATTERN }) });

/** The 400 messages for malformed ids, by where they are (see `withValidationMessages`). */
export const ID_MESSAGES = {
  'params/roomId': 'The room id in the path is not valid',
  'params/messageId': 'The message id in the path is not valid',
} as const;

export interface ChatRouteOptions {
  readonly store: ChatStore;
  readonly hub: ChatEventHub;
}
