import { ChatApiPath, ChatLimits } from '@app/contracts';
import { ChatRoomListSchema, ChatRoomSchema, CreateRoomSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../auth/auth-plugin.ts';
import { normaliseTopic } from '../../chat/message-text.ts';
import { ERROR_RESPONSES } from '../../http/error-handler.ts';
import { withValidationMessages } from '../../http/validation-messages.ts';
import { CHAT_ROLE, type ChatRouteOptions } from './route-options.ts';

/** A name and a topic, each character escaped in JSON at worst (`\uXXXX`), and the braces around. */
const CREATE_ROOM_BODY_LIMIT_BYTES = (ChatLimits.roomNameMaxLength + ChatLimits.roomTopicMaxLength) * 6 + 1024;

const CREATE_ROOM_MESSAGES = {
  body: 'Send the room as { "name": …, "topic": … }',
  'body/name': `A room name is ${ChatLimits.roomNameMinLength} to ${ChatLimits.roomNameMaxLength} lower-case letters, digits and single hyphens, such as team-news`,
  'body/topic': `A room topic is text of at most ${ChatLimits.roomTopicMaxLength} characters`,
  'body/*': 'A room has a name and a topic only',
};

/** The rooms: list (with the caller's unread counts), create. */
export const roomRoutes: FastifyPluginAsyncTypebox<ChatRouteOptions> = async (app, { store, hub }) => {
  app.get(
    ChatApiPath.Rooms,
    { config: CHAT_ROLE, schema: { response: { 200: ChatRoomListSchema, ...ERROR_RESPONSES } } },
    async (request) => ({ rooms: await store.listRooms(principalOf(request).sub) }),
  );

  app.post(
    ChatApiPath.Rooms,
    {
      config: CHAT_ROLE,
      bodyLimit: CREATE_ROOM_BODY_LIMIT_BYTES,
      schema: { body: CreateRoomSchema, response: { 201: ChatRoomSchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(CREATE_ROOM_MESSAGES),
    },
    async (request, reply) => {
      const { room, event } = await store.createRoom({
        name: request.body.name,
        topic: normaliseTopic(request.body.topic),
        createdBy: principalOf(request).sub,
      });
      hub.publish(event);
      return reply.code(201).send(room);
    },
  );
};
