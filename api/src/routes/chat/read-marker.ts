import { ChatApiPath } from '@app/contracts';
import { ReadMarkerSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../auth/auth-plugin.ts';
import { InvalidChatInputError } from '../../chat/chat-errors.ts';
import { ERROR_RESPONSES } from '../../http/error-handler.ts';
import { withValidationMessages } from '../../http/validation-messages.ts';
import { CHAT_ROLE, ID_MESSAGES, isIdShaped, RoomParamsSchema, type ChatRouteOptions } from './route-options.ts';

const READ_MARKER_MESSAGES = {
  ...ID_MESSAGES,
  body: 'Send the read marker as { "upTo": "<message id>" }',
  'body/upTo': 'upTo must be the id of a message in this room',
  'body/*': 'A read marker has upTo only',
};

/** `POST …/read`: the caller has read a room up to a message; their unread count follows. */
export const readMarkerRoutes: FastifyPluginAsyncTypebox<ChatRouteOptions> = async (app, { store }) => {
  app.post(
    ChatApiPath.RoomRead,
    {
      config: CHAT_ROLE,
      bodyLimit: 1024,
      schema: {
        params: RoomParamsSchema,
        body: ReadMarkerSchema,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
      schemaErrorFormatter: withValidationMessages(READ_MARKER_MESSAGES),
    },
    async (request, reply) => {
      const { upTo } = request.body;
      if (!isIdShaped(upTo)) throw new InvalidChatInputError(READ_MARKER_MESSAGES['body/upTo']);
      await store.markRead(principalOf(request).sub, request.params.roomId, upTo);
      return reply.code(204).send(null);
    },
  );
};
