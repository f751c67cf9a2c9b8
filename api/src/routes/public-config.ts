import { ApiPath, AppPath, type PublicConfig } from '@app/contracts';
import { PublicConfigSchema } from '@app/contracts/schemas';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Discovery } from '../auth/keys/discovery.ts';
import type { AppConfig } from '../config.ts';
import { ERROR_RESPONSES } from '../http/error-handler.ts';

export interface PublicConfigOptions {
  readonly config: AppConfig;
  /** Undefined in JWKS-file mode: the API then makes no request to the IdP. */
  readonly discovery: Discovery | undefined;
}

/**
 * `GET /api/config`: what the SPA needs to sign in, so one build runs in every environment. All of
 * it is public (the client is public: there is no secret to give). `authorizationServer` is the
 * IdP's discovery document as the API validated it; absent when the API may not or cannot reach
 * the IdP, and the SPA then reads discovery itself.
 */
export const publicConfigRoutes: FastifyPluginAsyncTypebox<PublicConfigOptions> = async (app, { config, discovery }) => {
  const base: PublicConfig = {
    issuer: config.oidc.issuer,
    clientId: config.oidc.clientId,
    scopes: config.oidc.scopes,
    audience: config.oidc.audience,
    redirectUri: `${config.appOrigin}${AppPath.AuthCallback}`,
    postLogoutRedirectUri: `${config.appOrigin}${AppPath.Home}`,
    authorizationParameters: { ...config.oidc.authorizationParameters },
    rolesClaim: config.oidc.roles.claim,
    dpop: config.oidc.accessToken.dpop,
    ...(config.oidc.logoutFallback === undefined ? {} : { logoutFallback: { ...config.oidc.logoutFallback } }),
  };

  app.get(
    ApiPath.Config,
    { config: { auth: 'public' }, schema: { response: { 200: PublicConfigSchema, ...ERROR_RESPONSES } } },
    async () => {
      const authorizationServer = await discovery?.load().catch(() => undefined);
      return authorizationServer === undefined ? base : { ...base, authorizationServer };
    },
  );
};
