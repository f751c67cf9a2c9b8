/**
 * Runs every check of `npm run doctor` in order, each group on what the previous ones found (no
 * discovery document: no endpoint to probe), requests of independent groups in parallel.
 */
import { usesDpop } from '@app/contracts';
import type { JWTPayload } from 'jose';
import type { AppConfig } from '../config.ts';
import type { ProviderName } from '../provider-presets.ts';
import { checkAccessToken, type TokenCheckContext } from './access-token-checks.ts';
import { checkAuthorizationRequest, redirectUriOf } from './authorization-checks.ts';
import { decodeToken } from './decoded-token.ts';
import {
  checkDiscoveryReachable,
  checkEndpointsUseTls,
  checkIssuerMatches,
  checkProviderPreset,
  loadDiscovery,
  type DiscoveryResult,
  type FoundDiscovery,
} from './discovery-checks.ts';
import type { Finding } from './finding.ts';
import type { ProbeOptions } from './http-probe.ts';
import { checkIdToken } from './id-token-checks.ts';
import { recogniseVendor, speakingVendor, wordsFor } from './idp-vendor.ts';
import { checkJwksKeys, loadJwks, type JwksSource } from './jwks-checks.ts';
import { checkDpop, checkEndSession, dpopAlgorithmsOf, checkIssResponseParameter, checkPkce, checkRevocation, checkScopes } from './protocol-checks.ts';
import type { SampleTokens } from './sample-tokens.ts';
import { checkRevocationEndpoint, checkTokenEndpoint } from './token-endpoint-checks.ts';
import type { KeysForTokens } from './token-signature.ts';
import type { VendorWords } from './vendor-words.ts';

export interface DoctorOptions extends ProbeOptions {
  /** `--tokens`: sample tokens to check against the configuration. */
  readonly tokens?: SampleTokens;
  /** Seconds since the epoch, for the samples' lifetimes. */
  readonly now?: number;
}

/** Findings under a heading, printed together. */
export interface FindingGroup {
  readonly heading: string;
  readonly findings: readonly Finding[];
}

export async function runDoctor(config: AppConfig, options: DoctorOptions = {}): Promise<FindingGroup[]> {
  const { issuer, provider } = config.oidc;
  const discovery = await loadDiscovery(issuer, options);
  const document = discovery.found ? discovery.document : undefined;
  const vendor: ProviderName = speakingVendor(provider, recogniseVendor(issuer, document?.authorization_endpoint));
  const words = wordsFor(vendor, { appOrigin: config.appOrigin, clientId: config.oidc.clientId });
  const jwksSource = jwksSourceOf(config, discovery);

  const [endpoints, keys] = await Promise.all([
    discovery.found ? checkEndpoints(config, discovery, words, options) : Promise.resolve([]),
    checkKeys(jwksSource, options),
  ]);
  const groups: FindingGroup[] = [
    { heading: 'Discovery', findings: discoveryFindings(config, discovery, words) },
    ...endpoints,
    { heading: 'Keys the API verifies tokens with', findings: keys.findings },
  ];
  if (options.tokens !== undefined) {
    const context: TokenCheckContext = { config, keys: keys.forTokens, words, now: options.now ?? Math.floor(Date.now() / 1000) };
    groups.push({ heading: 'Sample tokens (--tokens)', findings: await checkSampleTokens(options.tokens, context) });
  }
  return groups.filter((group) => group.findings.length > 0);
}

function discoveryFindings(config: AppConfig, discovery: DiscoveryResult, words: VendorWords): Finding[] {
  const { issuer, provider, scopes, logoutFallback } = config.oidc;
  const reachable = checkDiscoveryReachable(discovery, config.oidc.keys.kind === 'file');
  const preset = checkProviderPreset(provider, issuer, discovery.found ? discovery.document : undefined);
  if (!discovery.found) return [reachable, ...(preset === undefined ? [] : [preset])];
  const { document, metadata } = discovery;
  return [
    reachable,
    checkIssuerMatches(discovery, issuer),
    checkEndpointsUseTls(document),
    ...(preset === undefined ? [] : [preset]),
    checkPkce(document, words),
    checkIssResponseParameter(metadata),
    ...checkScopes(metadata, scopes),
    checkEndSession(document, logoutFallback, words),
    checkRevocation(document),
    checkDpop(metadata, config.oidc.accessToken.dpop),
  ];
}

async function checkEndpoints(config: AppConfig, discovery: FoundDiscovery, words: VendorWords, options: ProbeOptions): Promise<FindingGroup[]> {
  const { document } = discovery;
  const [authorization, token, revocation] = await Promise.all([
    checkAuthorizationRequest(config, document.authorization_endpoint, words, options),
    checkTokenEndpoint(config, document.token_endpoint, words, options, usesDpop(config.oidc.accessToken.dpop, dpopAlgorithmsOf(discovery.metadata))),
    document.revocation_endpoint === undefined ? Promise.resolve([]) : checkRevocationEndpoint(config, document.revocation_endpoint, words, options),
  ]);
  return [
    { heading: `Sign-in request (client ${config.oidc.clientId}, redirect URI ${redirectUriOf(config)})`, findings: [authorization] },
    { heading: `Token and revocation endpoints, by CORS from ${config.appOrigin}`, findings: [...token, ...revocation] },
  ];
}

/** Where the API gets its keys: the file, `OIDC_JWKS_URI`, or discovery's `jwks_uri` (none if discovery failed). */
function jwksSourceOf(config: AppConfig, discovery: DiscoveryResult): JwksSource | undefined {
  const { keys } = config.oidc;
  if (keys.kind === 'file') return { kind: 'file', path: keys.path };
  if (keys.jwksUri !== undefined) return { kind: 'url', url: keys.jwksUri, variable: 'OIDC_JWKS_URI' };
  return discovery.found ? { kind: 'url', url: new URL(discovery.document.jwks_uri), variable: 'jwks_uri' } : undefined;
}

async function checkKeys(source: JwksSource | undefined, options: ProbeOptions): Promise<{ findings: Finding[]; forTokens: KeysForTokens }> {
  if (source === undefined) return { findings: [], forTokens: { jwks: undefined, where: 'the JWKS' } };
  const loaded = await loadJwks(source, options);
  if (!loaded.ok) return { findings: [loaded.finding], forTokens: { jwks: undefined, where: 'the JWKS' } };
  return { findings: [checkJwksKeys(loaded.jwks, loaded.where)], forTokens: { jwks: loaded.jwks, where: loaded.where } };
}

async function checkSampleTokens({ accessToken, idToken }: SampleTokens, context: TokenCheckContext): Promise<Finding[]> {
  const payloadOf = (token: string | undefined): JWTPayload | undefined => {
    const decoded = token === undefined ? undefined : decodeToken(token);
    return decoded?.kind === 'jws' ? decoded.payload : undefined;
  };
  return [
    ...(accessToken === undefined ? [] : await checkAccessToken(accessToken, payloadOf(idToken), context)),
    ...(idToken === undefined ? [] : await checkIdToken(idToken, payloadOf(accessToken), context)),
  ];
}
