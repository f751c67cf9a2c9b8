/**
 * What the server checks about the IdP as it starts, with the doctor's own check functions: one GET
 * of the discovery document (5 s at most). An issuer that differs from `OIDC_ISSUER` is fatal, since
 * every token would then be refused, and so is an endpoint without https off this machine, since
 * tokens and keys would cross the network in clear; anything else is a warning, and an IdP that is down does not
 * stop the API from starting. With `OIDC_JWKS_FILE` the API makes no request to the IdP at all, so
 * neither does this. Returns what it found; the caller logs it and decides to exit.
 */
import { endpointsWithoutTls } from '../auth/keys/discovery.ts';
import type { AppConfig } from '../config.ts';
import { isMultiTenantIssuer, issuerToUse, loadDiscovery } from './discovery-checks.ts';
import type { Finding } from './finding.ts';
import type { ProbeOptions } from './http-probe.ts';
import { checkDpop, checkRevocation, checkScopes } from './protocol-checks.ts';

export interface StartCheckResult {
  /** Why the server must not start (log it, exit 1); `undefined` when it may. */
  readonly fatal: string | undefined;
  /** One line each, to log as warnings; the server starts anyway. */
  readonly warnings: readonly string[];
}

const NOTHING_TO_SAY: StartCheckResult = { fatal: undefined, warnings: [] };

export async function checkIdpAtStart(config: AppConfig, options: ProbeOptions = {}): Promise<StartCheckResult> {
  if (config.oidc.keys.kind === 'file') return NOTHING_TO_SAY;
  const { issuer, scopes } = config.oidc;
  const discovery = await loadDiscovery(issuer, options);
  if (!discovery.found) {
    return {
      fatal: undefined,
      warnings: [`The IdP's discovery document cannot be had (${discovery.url.href}: ${discovery.problem}): starting anyway, requests that need a token get 503 until it can`],
    };
  }
  const actual = issuerToUse(discovery.document, issuer);
  if (actual !== undefined) return { fatal: issuerMismatch(actual, issuer), warnings: [] };
  const insecure = endpointsWithoutTls(discovery.document);
  if (insecure.length > 0) return { fatal: withoutTls(insecure), warnings: [] };
  const warnings = [checkRevocation(discovery.document), ...checkScopes(discovery.metadata, scopes), checkDpop(discovery.metadata, config.oidc.accessToken.dpop)]
    .filter((finding) => finding.status !== 'pass')
    .map(asLogLine);
  return { fatal: undefined, warnings };
}

function issuerMismatch(actual: string, configured: string): string {
  if (isMultiTenantIssuer(actual)) {
    return `OIDC_ISSUER "${configured}" is a multi-tenant endpoint whose issuer is the template "${actual}": use your tenant's issuer, with the Directory (tenant) ID in place of {tenantid}`;
  }
  return `OIDC_ISSUER must be exactly "${actual}": the IdP's discovery document says so; got "${configured}"`;
}

function withoutTls(insecure: readonly { field: string; url: string }[]): string {
  const named = insecure.map(({ field, url }) => `${field} ${url}`).join(', ');
  return `The IdP's discovery document names endpoints without https: ${named}. Tokens and keys would cross the network in clear: the IdP must publish https endpoints (http is allowed for localhost only)`;
}

function asLogLine(finding: Finding): string {
  return finding.details.length === 0 ? finding.title : `${finding.title} (${finding.details.join('; ')})`;
}
