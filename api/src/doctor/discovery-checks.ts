/**
 * Check group 1: the discovery document (OIDC Discovery 1.0 §4, RFC 8414 §3): reachable at the
 * issuer, naming exactly `OIDC_ISSUER`, with endpoints the browser may send credentials to.
 */
import { DiscoveryError, discoveryUrl, endpointsWithoutTls, parseDiscoveryDocument, type DiscoveryDocument } from '../auth/keys/discovery.ts';
import { PROVIDER_PRESETS, type ProviderName } from '../provider-presets.ts';
import { fail, pass, warn, type Finding } from './finding.ts';
import { probe, type ProbeOptions } from './http-probe.ts';
import { recogniseVendor } from './idp-vendor.ts';

/** The document, validated by the app's own rules (against its own `issuer`), and every field it had. */
export interface FoundDiscovery {
  readonly found: true;
  readonly url: URL;
  readonly document: DiscoveryDocument;
  /** All fields, for the ones the app does not keep (`scopes_supported`, `dpop_signing_alg_values_supported`…). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface MissingDiscovery {
  readonly found: false;
  readonly url: URL;
  readonly problem: string;
  readonly hints: readonly string[];
}

export type DiscoveryResult = FoundDiscovery | MissingDiscovery;

/**
 * GETs the discovery document once. The issuer is not compared here ({@link issuerToUse} does), so a
 * document naming another issuer still shows what the IdP offers, and which value to configure.
 */
export async function loadDiscovery(issuer: string, options: ProbeOptions = {}): Promise<DiscoveryResult> {
  const url = discoveryUrl(issuer);
  const missing = (problem: string, ...hints: string[]): MissingDiscovery => ({ found: false, url, problem, hints });
  const answer = await probe(url, { headers: { accept: 'application/json' } }, options);
  if (!answer.ok) return missing(answer.problem, 'is the IdP up, and is OIDC_ISSUER its issuer URL?', ...answer.hints);
  if (answer.status >= 300 && answer.status < 400) {
    return missing(
      `it answered ${answer.status}, a redirect to ${answer.headers.get('location') ?? 'nowhere'}`,
      'the document must be served at the issuer itself (OIDC Discovery 1.0 section 4): is OIDC_ISSUER the exact issuer URL?',
    );
  }
  if (answer.status !== 200) {
    return missing(`it answered ${answer.status}, expected 200`, `is OIDC_ISSUER the issuer? its document must be at ${url.href}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return missing('it is not JSON', 'is OIDC_ISSUER the issuer URL, not a web page of the IdP?');
  }
  const claimed = (json as { issuer?: unknown } | null)?.issuer;
  try {
    const document = parseDiscoveryDocument(json, typeof claimed === 'string' ? claimed : '');
    return { found: true, url, document, metadata: json as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    return missing(error.message, 'the app cannot use this document: ask the IdP team, or check OIDC_ISSUER');
  }
}

/** The issuer to configure, when the document names another one than `configured` (compared exactly). */
export function issuerToUse(document: DiscoveryDocument, configured: string): string | undefined {
  return document.issuer === configured ? undefined : document.issuer;
}

/** Entra ID's multi-tenant metadata (`common`, `organizations`) names the issuer with a placeholder. */
export function isMultiTenantIssuer(issuer: string): boolean {
  return issuer.toLowerCase().includes('{tenantid}');
}

/**
 * With `OIDC_JWKS_FILE` the API needs no route to the IdP, so an IdP this machine cannot reach is
 * only a warning: the browsers need one, and the doctor cannot check it from here.
 */
export function checkDiscoveryReachable(result: DiscoveryResult, keysFromFile = false): Finding {
  const title = `Discovery document at ${result.url.href}`;
  if (result.found) return pass(title);
  if (keysFromFile) {
    return warn(title, result.problem, 'OIDC_JWKS_FILE is set, so the API needs no route to the IdP; browsers do: run the doctor where the app\'s users are to check the rest');
  }
  return fail(title, result.problem, ...result.hints);
}

/**
 * OIDC Discovery 1.0 §4.3 and RFC 8414 §3.3: the document's `issuer` must equal the issuer it was
 * fetched for, and every token's `iss` is compared with it exactly, so a trailing slash matters.
 */
export function checkIssuerMatches(discovery: FoundDiscovery, configured: string): Finding {
  const actual = issuerToUse(discovery.document, configured);
  if (actual === undefined) return pass(`Issuer is exactly OIDC_ISSUER (${configured})`);
  if (isMultiTenantIssuer(actual)) {
    return fail(
      "OIDC_ISSUER is a multi-tenant endpoint: its issuer is a template, which no token carries",
      `the discovery document says issuer "${actual}"`,
      `use your tenant's issuer: set OIDC_ISSUER=${actual.replace(/\{tenantid\}/i, '<tenant-id>')} (the Directory (tenant) ID, on the app registration's Overview page)`,
    );
  }
  const slash = actual.replace(/\/$/, '') === configured.replace(/\/$/, '')
    ? ['only the trailing slash differs, and it counts: tokens carry the issuer exactly as the IdP writes it']
    : [];
  return fail(
    'Issuer differs from OIDC_ISSUER',
    `the discovery document says issuer "${actual}"; OIDC_ISSUER is "${configured}"`,
    ...slash,
    `set OIDC_ISSUER=${actual}`,
  );
}

/** RFC 6749 §3.1, §3.2 and RFC 8414 §2: endpoints use TLS; plain http only on this machine (the app's own rule). */
export function checkEndpointsUseTls(document: DiscoveryDocument): Finding {
  const insecure = endpointsWithoutTls(document);
  if (insecure.length === 0) return pass('Endpoints use https (or http on this machine only)');
  return fail(
    'Endpoints without https',
    ...insecure.map(({ field, url }) => `${field} is ${url}`),
    'tokens and codes would cross the network in clear (RFC 6749 section 3.1): ask the IdP team to publish https endpoints',
  );
}

/** Suggests the preset when the issuer gives the vendor away and `OIDC_PROVIDER` says otherwise. */
export function checkProviderPreset(provider: ProviderName, issuer: string, document: DiscoveryDocument | undefined): Finding | undefined {
  const recognised = recogniseVendor(issuer, document?.authorization_endpoint);
  if (recognised === undefined || recognised === provider) return undefined;
  const { title } = PROVIDER_PRESETS[recognised];
  return warn(
    `The issuer looks like ${title}, but OIDC_PROVIDER is ${provider}`,
    `set OIDC_PROVIDER=${recognised}: its preset knows how ${title} types access tokens, where it puts roles, and which scopes it needs`,
  );
}
