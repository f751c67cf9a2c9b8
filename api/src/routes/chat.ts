import { ApiPath, Role } from '@app/contracts';
import { ChatRoomListSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ERROR_RESPONSES } from '../http/error-handler.ts';
import type { ChatStore } from '../storage/storage.ts';

export interface ChatOptions {
  readonly store: ChatStore;
}

/** The chat API: role `chat`. */
export const chatRoutes: FastifyPluginAsyncTypebox<ChatOptions> = async (app, { store }) => {
  app.get(
    ApiPath.ChatRooms,
    { config: { auth: { role: Role.Chat } }, schema: { response: { 200: ChatRoomListSchema, ...ERROR_RESPONSES } } },
    async () => ({ rooms: await store.listRooms() }),
  );
};
