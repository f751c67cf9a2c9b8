import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyReply {
    /** Set by whoever serves `index.html`: what that page's CSP must allow beyond `'self'`. */
    indexHtmlCsp: IndexHtmlCsp | null;
  }
}

/** The sources `index.html`, and only it, needs on top of the default policy. */
export interface IndexHtmlCsp {
  /** This response's nonce, which Angular puts on the `<style>` tags it injects. */
  readonly styleNonce: string;
}

export interface SecurityHeadersOptions {
  readonly appOrigin: string;
  /**
   * Origins the SPA may `fetch` besides its own: the IdP's (token, revocation, JWKS…). The same
   * array while they stay the same (the policy is kept for it).
   */
  readonly connectSources: () => readonly string[];
}

/** HSTS for two years, subdomains included (RFC 6797 §6.1). */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Sets the security headers on every response, the API's and the SPA's: a strict CSP (no inline
 * script, Trusted Types, no framing), `nosniff`, no referrer, an isolated browsing context, and HSTS
 * when the app is served over https. No CORS header, ever: the SPA and the API share one origin.
 */
export const securityHeaders = fp<SecurityHeadersOptions>(
  async (app, options) => {
    app.decorateReply('indexHtmlCsp', null);
    const https = new URL(options.appOrigin).protocol === 'https:';
    // Every answer but index.html has the same policy while the IdP's endpoints stay the same:
    // made once per list of sources, not once per response (it sits on every API request's path).
    let shared: { readonly sources: readonly string[]; readonly policy: string } | undefined;
    const policyFor = (indexHtml: IndexHtmlCsp | null): string => {
      const connectSources = options.connectSources();
      if (indexHtml !== null) return buildContentSecurityPolicy({ indexHtml, connectSources });
      if (shared?.sources !== connectSources) shared = { sources: connectSources, policy: buildContentSecurityPolicy({ indexHtml, connectSources }) };
      return shared.policy;
    };

    // A callback hook: on every response, a promise would cost more than the headers.
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('content-security-policy', policyFor(reply.indexHtmlCsp));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      if (https) reply.header('strict-transport-security', HSTS);
      done(null, payload);
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);

export interface CspInput {
  readonly indexHtml: IndexHtmlCsp | null;
  readonly connectSources: readonly string[];
}

/**
 * The Content Security Policy, one of the mitigations RFC 10017 (OAuth for Browser-Based Apps)
 * asks of a SPA that holds tokens. Scripts only from our origin, never inline (the build has no
 * inline script: subresource integrity, which would add an inline import map, is off); styles from
 * our origin (for `index.html`, plus the nonce Angular puts on the `<style>` tags it injects);
 * Trusted Types for the DOM sinks Angular uses.
 */
export function buildContentSecurityPolicy({ indexHtml, connectSources }: CspInput): string {
  const styleSrc = ["'self'", ...(indexHtml === null ? [] : [`'nonce-${indexHtml.styleNonce}'`])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styleSrc.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types angular angular#bundler token-keeper',
  ].join('; ');
}

/** The endpoints of an IdP's discovery document (RFC 8414 §2) the SPA may fetch. */
export interface IdpEndpoints {
  readonly token_endpoint?: string | undefined;
  readonly revocation_endpoint?: string | undefined;
  readonly userinfo_endpoint?: string | undefined;
  readonly jwks_uri?: string | undefined;
}

/**
 * The IdP origins the SPA fetches from: the issuer's (discovery) and, once the API has read the
 * discovery document, those of its token, revocation, userinfo and JWKS endpoints. Compared as
 * parsed origins, never as string prefixes.
 */
export function idpConnectSources(issuer: string, document: IdpEndpoints | undefined): string[] {
  const urls = [issuer, document?.token_endpoint, document?.revocation_endpoint, document?.userinfo_endpoint, document?.jwks_uri];
  const origins = urls.flatMap((url) => (url !== undefined && URL.canParse(url) ? [new URL(url).origin] : []));
  return [...new Set(origins)].filter((origin) => origin !== 'null');
}
