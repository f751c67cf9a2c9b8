import { ApiPath } from '@app/contracts';
import { MeSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/auth-plugin.ts';
import { ERROR_RESPONSES } from '../http/error-handler.ts';

/** `GET /api/me`: who the access token says the caller is; any valid token. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    ApiPath.Me,
    { config: { auth: 'authenticated' }, schema: { response: { 200: MeSchema, ...ERROR_RESPONSES } } },
    async (request) => {
      const { sub, name, nameSource, roles, rolesClaim } = principalOf(request);
      return { sub, name, nameSource, roles: [...roles], rolesClaim: rolesClaim.status };
    },
  );
};
