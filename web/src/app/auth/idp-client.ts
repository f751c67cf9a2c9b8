import type { PublicConfig } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import type { AuthServerContext } from './auth-server';
import { CLOCK_TOLERANCE_SECONDS } from './clock';
import { requestOptionsFor, type IdpRequestOptions } from './idp-request-options';
import { SignInError } from './sign-in-error';

/*
 * The page's own calls of oauth4webapi (the token worker has its own copy), a lazy chunk: discovery,
 * PKCE and the sign-in request's random values here, DPoP proofs in dpop-proof.ts, error classes in
 * describe-sign-in-error.ts. The bundler puts a library's file in one chunk whole: a single static
 * import from the initial script would bring every one of these calls into it. None is needed to
 * show a page: only to sign in, renew or sign a request. `AuthServer` starts loading it with the
 * app's config, so a sign-in waits for no extra round trip.
 */
export { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomNonce, generateRandomState } from 'oauth4webapi';

/** The IdP's metadata, from the config when the server read discovery itself, else from the IdP. */
export async function contextFor(config: PublicConfig): Promise<AuthServerContext> {
  const requestOptions = requestOptionsFor(config.issuer);
  const as = (config.authorizationServer as oauth.AuthorizationServer | undefined) ?? (await discover(config.issuer, requestOptions));
  if (as.issuer !== config.issuer) {
    throw new SignInError('config_unavailable', `The IdP metadata is for ${as.issuer}, not ${config.issuer}`);
  }
  return { config, as, client: { client_id: config.clientId, [oauth.clockTolerance]: CLOCK_TOLERANCE_SECONDS }, requestOptions };
}

async function discover(issuer: string, options: IdpRequestOptions): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  try {
    return await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, options));
  } catch (cause) {
    throw new SignInError('config_unavailable', `Discovery of ${issuer} failed`, { cause });
  }
}
