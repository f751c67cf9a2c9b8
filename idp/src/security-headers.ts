/**
 * Security headers for every response, and the per-response CSP nonce the IdP's pages use for their one
 * `<style>` element and the logout page's auto-submit script.
 */
import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';

const nonces = new WeakMap<object, string>();

/** The CSP nonce of this response. */
export function cspNonceOf(ctx: object): string {
  const nonce = nonces.get(ctx);
  if (nonce === undefined) {
    throw new Error('securityHeaders middleware must run before any page is rendered');
  }
  return nonce;
}

export function securityHeaders(appOrigin: string): Middleware {
  return async (ctx, next) => {
    const nonce = randomBytes(16).toString('base64');
    nonces.set(ctx, nonce);
    ctx.set('Content-Security-Policy', contentSecurityPolicy(nonce, appOrigin));
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  };
}

function contentSecurityPolicy(nonce: string, appOrigin: string): string {
  return [
    "default-src 'none'",
    // oidc-provider appends the hash of its own inline scripts (form_post) to script-src.
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    // Browsers apply form-action to the redirects that follow a form post: sign-in and sign-out end on the app.
    `form-action 'self' ${appOrigin}`,
    // The app may frame the authorization endpoint for silent re-authentication (prompt=none); nobody else.
    `frame-ancestors ${appOrigin}`,
    "base-uri 'none'",
  ].join('; ');
}
