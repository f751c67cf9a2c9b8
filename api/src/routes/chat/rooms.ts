import { ChatApiPath, ChatLimits, ROOM_NAME_PATTERN } from '@app/contracts';
import { ChatRoomListSchema, ChatRoomSchema, CreateRoomSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../auth/auth-plugin.ts';
import { InvalidChatInputError } from '../../chat/chat-errors.ts';
import { normaliseTopic } from '../../chat/message-text.ts';
import { encodeRoomCursor, parseRoomListQuery } from '../../chat/room-list-query.ts';
import { ERROR_RESPONSES } from '../../http/error-handler.ts';
import { createActionLimit } from '../../http/rate-limit.ts';
import { withValidationMessages } from '../../http/validation-messages.ts';
import type { ActionCounter } from '../../storage/storage.ts';
import { CHAT_ROLE, type ChatRouteOptions } from './route-options.ts';

/** A name and a topic, each character escaped in JSON at worst (`\uXXXX`), and the braces around. */
const CREATE_ROOM_BODY_LIMIT_BYTES = (ChatLimits.roomNameMaxLength + ChatLimits.roomTopicMaxLength) * 6 + 1024;

const DAY_MS = 24 * 60 * 60 * 1000;

const CREATE_ROOM_MESSAGES = {
  body: 'Send the room as { "name": …, "topic": … }',
  'body/name': `A room name is ${ChatLimits.roomNameMinLength} to ${ChatLimits.roomNameMaxLength} lower-case letters, digits and single hyphens, such as team-news`,
  'body/topic': `A room topic is text of at most ${ChatLimits.roomTopicMaxLength} characters`,
  'body/*': 'A room has a name and a topic only',
};

const RoomListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.String()),
    after: Type.Optional(Type.String()),
    q: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ROOM_LIST_MESSAGES = {
  'querystring/limit': 'limit is given more than once; give it once',
  'querystring/after': 'after is given more than once; give it once',
  'querystring/q': 'q is given more than once; give it once',
  'querystring/name': 'name is given more than once; give it once',
  'querystring/*': 'The room list takes limit, after and q, or name alone',
};

export interface RoomRouteOptions extends ChatRouteOptions {
  /** Where room creations are counted: the database, so the limit holds across instances. */
  readonly counter: ActionCounter;
  /** Rooms one user may create in a day (`RATE_LIMIT_ROOMS_PER_DAY`). */
  readonly roomsPerDay: number;
}

/** The rooms: a page of the list (with the caller's unread counts), one by name, create. */
export const roomRoutes: FastifyPluginAsyncTypebox<RoomRouteOptions> = async (app, { store, hub, counter, roomsPerDay }) => {
  const creationLimit = createActionLimit(counter, {
    max: roomsPerDay,
    windowMs: DAY_MS,
    bucket: 'chat-room',
    tooMany: `You have reached the limit of ${roomsPerDay} new rooms a day`,
  });

  app.get(
    ChatApiPath.Rooms,
    {
      config: CHAT_ROLE,
      schema: { querystring: RoomListQuerySchema, response: { 200: ChatRoomListSchema, ...ERROR_RESPONSES } },
      schemaErrorFormatter: withValidationMessages(ROOM_LIST_MESSAGES),
    },
    async (request) => {
      const { sub } = principalOf(request);
      const { name, ...pageQuery } = request.query;
      if (name !== undefined) {
        if (Object.keys(pageQuery).length > 0) throw new InvalidChatInputError(ROOM_LIST_MESSAGES['querystring/*']);
        if (!new RegExp(ROOM_NAME_PATTERN).test(name)) throw new InvalidChatInputError(CREATE_ROOM_MESSAGES['body/name']);
        const room = await store.findRoomByName(sub, name);
        return { rooms: room === undefined ? [] : [room], nextCursor: null };
      }
      const page = await store.listRooms(sub, parseRoomListQuery(pageQuery));
      return { rooms: page.rooms, nextCursor: page.next === null ? null : encodeRoomCursor(page.next) };
    },
  );

  app.post(
    ChatApiPath.Rooms,
    {
      config: CHAT_ROLE,
      bodyLimit: CREATE_ROOM_BODY_LIMIT_BYTES,
      // Counted before the body is read, and whether or not the name is free: trying names costs too.
      onRequest: creationLimit,
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
