import * as oauth from 'oauth4webapi';
import { isReachable } from '../network/reachability';
import { CLOCK_TOLERANCE_SECONDS } from './clock';
import type { IdpFailure } from './idp-failure';
import { requestOptionsFor, type IdpRequestOptions } from './idp-request-options';
import type { CodeRedemption, IdTokenProfile, KeeperCommand, KeeperIdp, KeeperPort, KeeperReply, TokenGrant } from './token-keeper-protocol';

/**
 * The refresh token's keeper. It runs in a dedicated Worker (token-keeper.worker.ts), so the refresh
 * token lives in another JavaScript realm than the page: no page script, ours or injected, can reach
 * it through an object, a global, storage or a patched `fetch`. The worker makes every request that
 * carries it (the code redemption that yields it, each refresh, the revocation) and hands the page
 * the access and ID tokens only.
 *
 * It talks to one IdP: the first {@link redeem} pins it, so a page script cannot send the refresh
 * token elsewhere by naming another token endpoint. The worker's CSP (`connect-src`) limits its
 * requests to the app's and the IdP's origins besides.
 *
 * @see [RFC 10017 §6.3.4.2.1 - in-memory storage in a Web Worker](https://www.rfc-editor.org/rfc/rfc10017.html)
 */
export class TokenKeeper {
  #idp: PinnedIdp | null = null;
  #refreshToken: string | null = null;
  #refreshing: Promise<TokenGrant> | null = null;

  /**
   * Talks to this IdP from now on; refuses another once one is pinned. With a DPoP key, every
   * token request carries a proof signed with it (a sign-in brings the key; each renewal uses it).
   */
  #pin({ as, clientId }: KeeperIdp, dpopKeyPair: CryptoKeyPair | undefined): PinnedIdp {
    const pinned = this.#idp;
    if (pinned !== null && (pinned.as.issuer !== as.issuer || pinned.as.token_endpoint !== as.token_endpoint || pinned.client.client_id !== clientId)) {
      throw new KeeperFailure({ kind: 'other_idp' });
    }
    const client: oauth.Client = pinned?.client ?? { client_id: clientId, [oauth.clockTolerance]: CLOCK_TOLERANCE_SECONDS };
    const DPoP = dpopKeyPair === undefined ? undefined : oauth.DPoP(client, dpopKeyPair);
    const options: KeeperRequestOptions = { ...requestOptionsFor(as.issuer), [oauth.customFetch]: fetchReportingFailures, ...(DPoP === undefined ? {} : { DPoP }) };
    this.#idp = { as, client, options };
    return this.#idp;
  }

  /**
   * The sign-in's one message: pins the IdP, validates the callback (the IdP's `error`, `state`, and
   * the `iss` response parameter against mix-up, RFC 9207), redeems the authorization code with the
   * PKCE verifier, validates the ID token (signature, `iss`, `aud`, `exp`, `iat`, `nonce`) and keeps
   * the refresh token it came with. A callback that fails validation sends no token request.
   *
   * @see [RFC 9207](https://www.rfc-editor.org/rfc/rfc9207.html)
   * @see [RFC 7636 §4.5](https://www.rfc-editor.org/rfc/rfc7636.html#section-4.5)
   * @see [OpenID Connect Core §3.1.3.7](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
   */
  async redeem(redemption: CodeRedemption): Promise<TokenGrant> {
    const { as, client, options } = this.#pin(redemption.idp, redemption.dpopKeyPair);
    const parameters = oauth.validateAuthResponse(as, client, new URL(redemption.callbackUrl), redemption.expectedState);
    const result = await withDpopNonce(options, async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        as, client, oauth.None(), parameters, redemption.redirectUri, redemption.codeVerifier, options,
      );
      const processed = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: redemption.expectedNonce,
        requireIdToken: true,
      });
      await oauth.validateApplicationLevelSignature(as, response, options);
      return processed;
    });
    this.#refreshToken = result.refresh_token ?? null;
    return this.#grantFrom(result);
  }

  /**
   * Trades the refresh token for new tokens, keeping the rotated one. Calls made while one is under
   * way share it: with rotation, sending the same refresh token twice would make the IdP revoke the
   * whole grant (RFC 9700 §4.14.2).
   *
   * @see [RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
   */
  refresh(): Promise<TokenGrant> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  /**
   * Revokes the refresh token at the IdP (with it, the grant behind it) and forgets it. The token is
   * forgotten first: sign-out goes on whether or not the IdP confirms.
   *
   * @see [RFC 7009 §2.1](https://www.rfc-editor.org/rfc/rfc7009.html#section-2.1)
   */
  async revoke(): Promise<void> {
    // A refresh under way would put a new refresh token back after this one is revoked.
    await this.#refreshing?.catch(() => undefined);
    const refreshToken = this.#refreshToken;
    this.#refreshToken = null;
    if (refreshToken === null || this.#idp === null || this.#idp.as.revocation_endpoint === undefined) return;
    const { as, client, options } = this.#idp;
    const response = await oauth.revocationRequest(as, client, oauth.None(), refreshToken, {
      ...options,
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
  }

  async #refresh(): Promise<TokenGrant> {
    const refreshToken = this.#refreshToken;
    if (refreshToken === null) throw new KeeperFailure({ kind: 'no_refresh_token' });
    const { as, client, options } = this.#pinned();
    try {
      const result = await withDpopNonce(options, async () =>
        oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, options)));
      // RFC 6749 §6: an IdP that does not rotate sends no new refresh token; the old one stays good.
      this.#refreshToken = result.refresh_token ?? refreshToken;
      return this.#grantFrom(result);
    } catch (error) {
      // A refused refresh token (expired, revoked, session ended) is of no more use.
      if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') this.#refreshToken = null;
      throw error;
    }
  }

  async #grantFrom(result: oauth.TokenEndpointResponse): Promise<TokenGrant> {
    const DPoP = this.#idp?.options.DPoP;
    return {
      accessToken: result.access_token,
      expiresIn: result.expires_in,
      idToken: result.id_token,
      profile: profileOf(oauth.getValidatedIdTokenClaims(result)),
      holdsRefreshToken: this.#refreshToken !== null,
      // An IdP without DPoP ignores the proof and answers token_type Bearer (RFC 9449 §5).
      dpopJkt: DPoP !== undefined && result.token_type.toLowerCase() === 'dpop' ? await DPoP.calculateThumbprint() : undefined,
    };
  }

  #pinned(): PinnedIdp {
    if (this.#idp === null) throw new KeeperFailure({ kind: 'unexpected', message: 'The token worker has not signed in.' });
    return this.#idp;
  }
}

/**
 * A token request, and once more if the IdP answered `use_dpop_nonce`: its answer carried a
 * `DPoP-Nonce`, which the DPoP handle has kept and puts in the second proof (RFC 9449 §8). Without
 * DPoP, or for any other error, as it came.
 * @see [RFC 9449 §8 - Authorization Server-Provided Nonce](https://www.rfc-editor.org/rfc/rfc9449.html#section-8)
 */
async function withDpopNonce<T>(options: KeeperRequestOptions, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (options.DPoP === undefined || !oauth.isDPoPNonceError(error)) throw error;
    return request();
  }
}

/** The display names of a validated ID token (OIDC Core §5.1 claim names); strings only. */
function profileOf(claims: oauth.IDToken | undefined): IdTokenProfile | undefined {
  if (claims === undefined) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  return { name: text(claims['name']), preferredUsername: text(claims['preferred_username']) };
}

type KeeperRequestOptions = IdpRequestOptions & { readonly [oauth.customFetch]: typeof fetchReportingFailures; readonly DPoP?: oauth.DPoPHandle };

/** The IdP the worker talks to, with everything oauth4webapi needs for it. */
interface PinnedIdp {
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  readonly options: KeeperRequestOptions;
}

/** A failure already described as an {@link IdpFailure}. */
export class KeeperFailure extends Error {
  override readonly name = 'KeeperFailure';
  readonly failure: IdpFailure;

  constructor(failure: IdpFailure) {
    super(failure.kind);
    this.failure = failure;
  }
}

/**
 * `fetch` for oauth4webapi that says why a request got no response. The browser gives the same
 * `TypeError` for "the IdP is down" and "the IdP's answer was hidden by CORS"; the reachability
 * probe, a `no-cors` request to the same URL, tells them apart.
 */
async function fetchReportingFailures(url: string, init: oauth.CustomFetchOptions<string, unknown>): Promise<Response> {
  try {
    return await fetch(url, init as RequestInit);
  } catch (error) {
    const idpOrigin = new URL(url).origin;
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new KeeperFailure({ kind: 'timeout', idpOrigin });
    }
    if (!(error instanceof TypeError)) throw error;
    throw new KeeperFailure({ kind: (await isReachable(url)) ? 'cors' : 'unreachable', idpOrigin });
  }
}

/** Describes anything a keeper operation threw, for the page. */
export function describeFailure(error: unknown): IdpFailure {
  if (error instanceof KeeperFailure) return error.failure;
  if (error instanceof oauth.AuthorizationResponseError) {
    return { kind: 'authorization_error', error: error.error, description: error.error_description };
  }
  if (error instanceof oauth.ResponseBodyError) {
    return { kind: 'refused', error: error.error, description: error.error_description };
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    return { kind: 'refused', error: challenge?.parameters.error ?? 'invalid_client', description: challenge?.parameters.error_description };
  }
  if (error instanceof oauth.OperationProcessingError) {
    const response = error.cause instanceof Response ? error.cause : undefined;
    if (response !== undefined && response.status >= 500) {
      return { kind: 'unavailable', idpOrigin: URL.parse(response.url)?.origin ?? response.url, status: response.status };
    }
    return { kind: 'invalid_response', code: error.code, message: error.message };
  }
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Answers the page's commands on `port` (the worker's global scope, or a `MessagePort` in tests).
 * Each reply carries the request's id; failures are described as plain data.
 */
export function serveTokenKeeper(port: KeeperPort, keeper: TokenKeeper): void {
  port.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as Partial<KeeperCommand> & { id?: unknown };
    if (typeof request !== 'object' || request === null || typeof request.id !== 'number') return;
    const id = request.id;
    const reply = (message: KeeperReply) => port.postMessage(message);
    run(keeper, request as KeeperCommand).then(
      (value) => reply({ id, ok: true, value }),
      (error: unknown) => reply({ id, ok: false, failure: describeFailure(error) }),
    );
  });
}

async function run(keeper: TokenKeeper, command: KeeperCommand): Promise<TokenGrant | null> {
  switch (command.op) {
    case 'redeem':
      return keeper.redeem(command.redemption);
    case 'refresh':
      return keeper.refresh();
    case 'revoke':
      await keeper.revoke();
      return null;
    default:
      throw new KeeperFailure({ kind: 'unexpected', message: 'Unknown command.' });
  }
}
