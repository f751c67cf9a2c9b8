/**
 * Which vendor's words the doctor speaks: `OIDC_PROVIDER`'s, or, when that is `generic`, the vendor
 * the issuer or the discovery document gives away (so the advice names the right console, and the
 * doctor can suggest the preset).
 */
import type { ProviderName } from '../provider-presets.ts';
import { VENDOR_WORDS, type VendorWords } from './vendor-words.ts';

/** Vendor by what its URLs look like; `undefined`: nothing gives it away. */
export function recogniseVendor(issuer: string, authorizationEndpoint?: string): ProviderName | undefined {
  const url = URL.parse(issuer);
  if (url === null) return undefined;
  const host = url.hostname.toLowerCase();
  if (url.pathname.includes('/realms/')) return 'keycloak';
  if (/(^|\.)microsoftonline\.(com|us|cn)$/.test(host) || host === 'sts.windows.net') return 'entra-id';
  if (/(^|\.)(okta|oktapreview|okta-emea)\.com$/.test(host)) return 'okta';
  if (/(^|\.)auth0\.com$/.test(host)) return 'auth0';
  if (/^\/adfs(\/|$)/i.test(url.pathname)) return 'adfs';
  const authorizationPath = authorizationEndpoint === undefined ? undefined : URL.parse(authorizationEndpoint)?.pathname;
  if (authorizationPath?.startsWith('/as/')) return 'pingfederate';
  return undefined;
}

/**
 * The vendor's words, falling back to generic ones while a vendor's entry is not written, with the
 * app's values in place of `APP_ORIGIN` and `<client>` (the words say "add APP_ORIGIN"; the team
 * then reads the value to type).
 */
export function wordsFor(vendor: ProviderName, app?: { readonly appOrigin: string; readonly clientId: string }): VendorWords {
  const words = (VENDOR_WORDS[vendor] as VendorWords | undefined) ?? VENDOR_WORDS.generic;
  if (app === undefined) return words;
  const filled = (text: string): string =>
    text.replaceAll('${APP_ORIGIN}', app.appOrigin).replace(/\bAPP_ORIGIN\b/g, app.appOrigin).replaceAll('<client>', app.clientId);
  const { knownErrors, ...phrases } = words;
  return {
    ...(Object.fromEntries(Object.entries(phrases).map(([name, text]) => [name, filled(text)])) as Omit<VendorWords, 'knownErrors'>),
    knownErrors: knownErrors.map((known) => ({ code: known.code, meaning: filled(known.meaning), fix: filled(known.fix) })),
  };
}

/** The vendor to speak for: the configured one, or the recognised one when the preset is `generic`. */
export function speakingVendor(provider: ProviderName, recognised: ProviderName | undefined): ProviderName {
  return provider === 'generic' && recognised !== undefined ? recognised : provider;
}

