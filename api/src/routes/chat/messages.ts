import { ChatApiPath, ChatLimits } from '@app/contracts';
import { ChatMessageSchema, MessageBodySchema, MessagePageSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../auth/auth-plugin.ts';
import { MessageNotFoundError } from '../../chat/chat-errors.ts';
import { decodeHistoryCursor, encodeHistoryCursor, parsePageSize } from '../../chat/history-cursor.ts';
import { fingerprintPost, readIdempotencyKey } from '../../chat/idempotency-key.ts';
import { requireMessageText } from '../../chat/message-text.ts';
import { requireAuthor, requireLiveMessage } from '../../chat/ownership.ts';
import { ERROR_RESPONSES } from '../../http/error-handler.ts';
import { createActionLimit } from '../../http/rate-limit.ts';
import { withValidationMessages } from '../../http/validation-messages.ts';
import type { ActionCounter } from '../../storage/storage.ts';
import { CHAT_ROLE, ID_MESSAGES, MessageParamsSchema, RoomParamsSchema, type ChatRouteOptions } from './route-options.ts';

/**
 * A message at its longest, with every line break sent as `\r\n` and every character escaped in
 * JSON at worst (`\uXXXX`, 6 bytes), and the braces around: a longer body cannot be a valid message.
 */
const MESSAGE_BODY_LIMIT_BYTES = ChatLimits.messageMaxLength * 2 * 6 + 1024;

const HistoryQuerySchema = Type.Object(
  { before: Type.Optional(Type.String()), limit: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

const MESSAGE_BODY_MESSAGES = {
  ...ID_MESSAGES,
  body: 'Send the message as { "body": "its text" }',
  'body/body': 'The message body must be text',
  'body/*': 'A message has a body only',
};

const HISTORY_MESSAGES = {
  ...ID_MESSAGES,
  'querystring/before': "before must be one page's olderCursor",
  'querystring/limit': `limit must be a whole number from 1 to ${ChatLimits.pageSizeMax}`,
  'querystring/*': 'History takes before and limit only',
};

export interface MessageRouteOptions extends ChatRouteOptions {
  /** Where writes are counted: the database, so the limit holds across instances. */
  readonly counter: ActionCounter;
  /** Messages one user may post, edit or delete per minute, together (`RATE_LIMIT_CHAT_POSTS`). */
  readonly writesPerMinute: number;
}

/**
 * A room's history and new messages; edit and delete of one's own. Posts, edits and deletes count
 * together toward one per-user limit: each is written, logged and sent to every open stream alike,
 * so an edit loop would otherwise flood every stream the posting limit protects.
 */
export const messageRoutes: FastifyPluginAsyncTypebox<MessageRouteOptions> = async (app, { store, hub, counter, writesPerMinute }) => {
  const writeLimit = createActionLimit(counter, {
    max: writesPerMinute,
    bucket: 'chat-post',
    tooMany: 'You are sending messages too fast',
  });
  const changeLimit = createActionLimit(counter, {
    max: writesPerMinute,
    bucket: 'chat-post',
    tooMany: 'You are changing messages too fast',
  });

  app.get(
    ChatApiPath.RoomMessages,
    {
      config: CHAT_ROLE,
      schema: { params: RoomParamsSchema, querystring: HistoryQuerySchema, response: { 200: MessagePageSchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(HISTORY_MESSAGES),
    },
    async (request) => {
      const { before, limit } = request.query;
      const page = await store.listMessages(request.params.roomId, {
        beforeSeq: before === undefined ? undefined : decodeHistoryCursor(before),
        limit: parsePageSize(limit),
      });
      return { messages: page.messages, olderCursor: page.olderThan === null ? null : encodeHistoryCursor(page.olderThan) };
    },
  );

  app.post(
    ChatApiPath.RoomMessages,
    {
      config: CHAT_ROLE,
      bodyLimit: MESSAGE_BODY_LIMIT_BYTES,
      // Counted before the body is read: a flood of posts costs a counter, not a parse.
      onRequest: writeLimit,
      schema: { params: RoomParamsSchema, body: MessageBodySchema, response: { 200: ChatMessageSchema, 201: ChatMessageSchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(MESSAGE_BODY_MESSAGES),
    },
    async (request, reply) => {
      const { sub, name } = principalOf(request);
      const { roomId } = request.params;
      const idempotencyKey = readIdempotencyKey(request.headers['idempotency-key']);
      const body = requireMessageText(request.body.body);
      const posted = await store.postMessage({
        roomId,
        author: { sub, name },
        body,
        idempotencyKey,
        fingerprint: fingerprintPost(roomId, body),
      });
      if (!posted.created) return reply.code(200).send(posted.message);
      hub.publish({ ...posted.event, idempotencyKey });
      return reply.code(201).send(posted.message);
    },
  );

  app.patch(
    ChatApiPath.Message,
    {
      config: CHAT_ROLE,
      bodyLimit: MESSAGE_BODY_LIMIT_BYTES,
      onRequest: changeLimit,
      schema: { params: MessageParamsSchema, body: MessageBodySchema, response: { 200: ChatMessageSchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(MESSAGE_BODY_MESSAGES),
    },
    async (request) => {
      const message = requireLiveMessage(await store.findMessage(request.params.messageId));
      requireAuthor(message, principalOf(request).sub);
      const body = requireMessageText(request.body.body);
      // The same text again (a retried edit) changes nothing and tells no one.
      if (body === message.body) return message;
      const edited = await store.editMessage(message.id, body);
      if (edited === undefined) throw new MessageNotFoundError();
      hub.publish(edited.event);
      return edited.message;
    },
  );

  app.delete(
    ChatApiPath.Message,
    {
      config: CHAT_ROLE,
      onRequest: changeLimit,
      schema: { params: MessageParamsSchema, response: { 204: Type.Null(), ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(ID_MESSAGES),
    },
    async (request, reply) => {
      const { sub } = principalOf(request);
      const found = await store.findMessage(request.params.messageId);
      // Deleting one's own message twice (a retry) is done, not an error.
      if (found?.deleted === true && found.author.sub === sub) return reply.code(204).send(null);
      requireAuthor(requireLiveMessage(found), sub);
      const event = await store.deleteMessage(request.params.messageId);
      if (event !== undefined) hub.publish(event);
      return reply.code(204).send(null);
    },
  );
};
