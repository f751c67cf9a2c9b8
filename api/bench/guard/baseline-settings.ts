/**
 * What the guard benchmark's baselines verify with: our API's own settings, read from the
 * environment `guard-throughput.ts` gives them and validated by the API's config module, so a
 * baseline checks tokens exactly as our guard is configured to.
 */
import { loadConfig } from '../../src/config.ts';

export interface BaselineSettings {
  readonly port: number;
  readonly host: string;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  /** `OIDC_ACCESS_TOKEN_MAX_AGE`. */
  readonly maxTokenAgeSeconds: number;
}

export function baselineSettings(): BaselineSettings {
  const { port, host, oidc } = loadConfig();
  if (oidc.keys.kind !== 'remote' || oidc.keys.jwksUri === undefined) throw new Error('The baselines fetch the JWKS by URL: set OIDC_JWKS_URI');
  return { port, host, issuer: oidc.issuer, audience: oidc.audience, jwksUri: oidc.keys.jwksUri.href, maxTokenAgeSeconds: oidc.accessToken.maxAgeSeconds };
}
