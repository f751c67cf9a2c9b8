/**
 * Builds the dev IdP and serves it on 127.0.0.1 at the issuer's port, under the issuer's path.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import type { IdpConfig } from './config.ts';
import { interactionRoutes } from './interactions.ts';
import { mountAt } from './mount-path.ts';
import { buildProviderConfiguration } from './provider-config.ts';
import { securityHeaders } from './security-headers.ts';
import { openIdpState } from './idp-state.ts';
import { writePublicJwks } from './signing-key.ts';

export interface RunningIdp {
  readonly issuer: string;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

export async function startDevIdp(config: IdpConfig): Promise<RunningIdp> {
  const state = openIdpState(config.stateDir);
  if (config.publicJwksFile !== undefined) {
    await writePublicJwks(config.publicJwksFile, state.signingKey);
  }
  const provider = createProvider(config, buildProviderConfiguration(config, state));
  const server = createServer(mountAt(config.mountPath, provider.callback()));
  await listen(server, config.port);
  return { issuer: config.issuer, close: () => close(server) };
}

function createProvider(config: IdpConfig, configuration: ReturnType<typeof buildProviderConfiguration>): Provider {
  const provider = new Provider(config.issuer, configuration);
  // We read the issuer from configuration, never from X-Forwarded-* headers.
  provider.proxy = false;
  provider.use(securityHeaders(config.appOrigin));
  provider.use(interactionRoutes(provider, config));
  provider.on('server_error', (ctx, error) => {
    console.error(`idp: server error on ${ctx.method} ${ctx.path}:`, error);
  });
  return provider;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    // Keep-alive connections (browsers, fetch) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
