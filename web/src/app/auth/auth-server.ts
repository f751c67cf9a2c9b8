import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ApiPath, type PublicConfig } from '@app/contracts';
import * as oauth from 'oauth4webapi';
import { firstValueFrom } from 'rxjs';
import { CLOCK_TOLERANCE_SECONDS } from './clock';
import { requestOptionsFor, type IdpRequestOptions } from './idp-request-options';
import { SignInError } from './sign-in-error';

/** Everything the browser needs to talk to the IdP, resolved once per page load. */
export interface AuthServerContext {
  readonly config: PublicConfig;
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  /** Options for every oauth4webapi request (see {@link requestOptionsFor}). */
  readonly requestOptions: IdpRequestOptions;
}

/**
 * Loads the app's public runtime config from its own server, so one SPA build runs against any IdP,
 * and the IdP's metadata: from that config when the server read discovery itself, else by reading
 * the IdP's discovery document from the browser. A failure is not cached: the next call tries again.
 */
@Injectable({ providedIn: 'root' })
export class AuthServer {
  private readonly http = inject(HttpClient);
  private context: Promise<AuthServerContext> | null = null;

  load(): Promise<AuthServerContext> {
    this.context ??= this.resolve().catch((error: unknown) => {
      this.context = null;
      throw error;
    });
    return this.context;
  }

  private async resolve(): Promise<AuthServerContext> {
    const config = await firstValueFrom(this.http.get<PublicConfig>(ApiPath.Config)).catch((cause: unknown) => {
      throw new SignInError('config_unavailable', 'GET /api/config failed', { cause });
    });
    const requestOptions = requestOptionsFor(config.issuer);
    const as = (config.authorizationServer as oauth.AuthorizationServer | undefined) ?? (await discover(config.issuer, requestOptions));
    if (as.issuer !== config.issuer) {
      throw new SignInError('config_unavailable', `The IdP metadata is for ${as.issuer}, not ${config.issuer}`);
    }
    return { config, as, client: { client_id: config.clientId, [oauth.clockTolerance]: CLOCK_TOLERANCE_SECONDS }, requestOptions };
  }
}

async function discover(issuer: string, options: IdpRequestOptions): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  try {
    return await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, options));
  } catch (cause) {
    throw new SignInError('config_unavailable', `Discovery of ${issuer} failed`, { cause });
  }
}
