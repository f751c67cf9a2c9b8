import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ApiPath, type PublicConfig } from '@app/contracts';
import type * as oauth from 'oauth4webapi';
import { firstValueFrom } from 'rxjs';
import type { IdpRequestOptions } from './idp-request-options';
import { SignInError } from './sign-in-error';

/** Everything the browser needs to talk to the IdP, resolved once per page load. */
export interface AuthServerContext {
  readonly config: PublicConfig;
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  /** Options for every oauth4webapi request (see `requestOptionsFor`). */
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
    const [config, { contextFor }] = await Promise.all([
      firstValueFrom(this.http.get<PublicConfig>(ApiPath.Config)).catch((cause: unknown) => {
        throw new SignInError('config_unavailable', 'GET /api/config failed', { cause });
      }),
      loadIdpClient().catch((cause: unknown) => {
        throw new SignInError('config_unavailable', 'The sign-in code could not be loaded from this app’s server', { cause });
      }),
    ]);
    return contextFor(config);
  }
}

/** The page's oauth4webapi calls (idp-client.ts), a lazy chunk fetched beside the config. */
export const loadIdpClient = () => import('./idp-client');
