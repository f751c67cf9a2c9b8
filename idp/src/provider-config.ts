/**
 * oidc-provider's configuration for the dev IdP: one public client (the SPA), JWT access tokens for one
 * API in the configured token shape, our own interaction and logout pages, all under the issuer's path.
 * Each setting that implements a spec rule cites it.
 */
import { AppPath } from '@app/contracts';
import { errors, type ClientMetadata, type Configuration } from 'oidc-provider';
import { extraAccessTokenClaims, findAccountIn } from './accounts.ts';
import type { IdpConfig } from './config.ts';
import { renderErrorPage } from './error-page.ts';
import { loadExistingGrant } from './first-party-consent.ts';
import { interactionPath } from './interactions.ts';
import { logoutSource, postLogoutSuccessSource } from './logout-pages.ts';
import { PAGE_LANGUAGES } from './page-language.ts';
import type { IdpState } from './idp-state.ts';
import { SIGNING_ALG } from './signing-key.ts';
import { tokenShapeFor } from './token-shape.ts';

const HOUR = 60 * 60;
const SIGNED_IN_FOR = 8 * HOUR;

/** The scope of the API, as a resource server; the SPA may ask for it to see it in the token's `scope`. */
export const API_SCOPE = 'api';

export function buildProviderConfiguration(config: IdpConfig, state: IdpState): Configuration {
  const shape = tokenShapeFor(config.tokenShape);
  return {
    ...(state.adapter === undefined ? {} : { adapter: state.adapter }),
    clients: [spaClient(config)],
    // Authorization Code only: RFC 9700 §2.1.2 rules out the implicit grant, RFC 10017 wants code + PKCE.
    responseTypes: ['code'],
    clientAuthMethods: ['none'],
    jwks: { keys: [state.signingKey] },
    findAccount: findAccountIn(shape),
    claims: { ...shape.claimsByScope },
    // The languages of its pages, which the app asks for with ui_locales (OpenID Connect Discovery §3).
    discovery: { ui_locales_supported: [...PAGE_LANGUAGES] },
    // ID tokens carry the claims their scopes release even though an access token exists (OIDC Core §5.4
    // would otherwise keep them for userinfo, which our API-audience access tokens cannot call).
    conformIdTokenClaims: false,
    extraTokenClaims: extraAccessTokenClaims(shape),
    formats: { customizers: { jwt: (_ctx, _token, jwt) => shape.reshapeAccessToken(jwt) } },
    // Cookie signing keys (see idp-state.ts); cookies stay non-Secure because we serve plain http://localhost.
    // The session cookie lives under the issuer's path, as Keycloak scopes its own to /realms/<realm>/;
    // oidc-provider scopes the short-lived interaction cookies to their pages itself.
    cookies: {
      keys: state.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax', path: `${config.mountPath}/` },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    clientBasedCORS: (_ctx, origin, client) => allowsCors(config, origin, client.clientId),
    // RFC 7636 / RFC 9700 §2.1.1: PKCE for every authorization request; oidc-provider 9 only offers S256.
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) =>
      // offline_access is dropped unless prompt=consent (OIDC Core §11); the SPA still needs a refresh token
      // (unless IDP_REFRESH_TOKENS=off, which shows the SPA's fallback: silent re-authentication).
      config.issueRefreshTokens && client.clientId === config.clientId && client.grantTypeAllowed('refresh_token'),
    // RFC 9700 §4.14.2: a public client's refresh tokens rotate; reusing an old one revokes the grant.
    rotateRefreshToken: true,
    loadExistingGrant: loadExistingGrant(config.clientId),
    // A path, not a URL: oidc-provider also scopes the interaction cookie to it.
    interactions: { url: (_ctx, interaction) => interactionPath(config.mountPath, interaction.uid) },
    renderError: renderErrorPage(config.appOrigin),
    features: {
      devInteractions: { enabled: false },
      dPoP: dpopFeature(config, state),
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource,
        postLogoutSuccessSource: postLogoutSuccessSource(config.appOrigin),
      },
      resourceIndicators: {
        enabled: true,
        // RFC 8707: every access token is for the API, even when the request names no resource.
        defaultResource: async (_ctx, _client, oneOf) =>
          oneOf === undefined || oneOf.includes(config.audience) ? config.audience : oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== config.audience) {
            throw new errors.InvalidTarget('unknown resource indicator');
          }
          // JWT access tokens (RFC 9068, unless the token shape bends it) for this audience only.
          return {
            scope: API_SCOPE,
            audience: config.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: config.accessTokenTtlSeconds,
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    ttl: {
      AccessToken: () => config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: HOUR,
      // A rotated token keeps its predecessor's expiry: rotation never extends a sign-in past 8 hours.
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? SIGNED_IN_FOR,
      Session: SIGNED_IN_FOR,
      Grant: SIGNED_IN_FOR,
      Interaction: 10 * 60,
    },
  };
}

/**
 * RFC 9449: with DPoP on, a token request that carries a proof gets tokens bound to its key (the
 * access token's `cnf.jkt`; a public client's refresh token too, §5), and `dpop_jkt` binds the
 * authorization code (§10). With `nonce`, each proof must carry the IdP's `DPoP-Nonce` (§8): the
 * first request of a client without one is answered `use_dpop_nonce`, and oidc-provider exposes
 * the header by CORS.
 */
function dpopFeature(config: IdpConfig, state: IdpState): NonNullable<Configuration['features']>['dPoP'] {
  if (config.dpop === 'off') return { enabled: false };
  if (config.dpop === 'on') return { enabled: true };
  return { enabled: true, nonceSecret: state.dpopNonceSecret, requireNonce: () => true };
}

function spaClient(config: IdpConfig): ClientMetadata {
  return {
    client_id: config.clientId,
    application_type: 'web',
    // A browser app cannot keep a secret: a public client (RFC 6749 §2.1).
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${config.appOrigin}${AppPath.AuthCallback}`],
    post_logout_redirect_uris: [`${config.appOrigin}${AppPath.Home}`],
    id_token_signed_response_alg: SIGNING_ALG,
  };
}

/** Only our client, only from the app's origin; origins are compared parsed, never as prefixes. */
function allowsCors(config: IdpConfig, origin: string, clientId: string): boolean {
  return clientId === config.clientId && URL.parse(origin)?.origin === config.appOrigin;
}
