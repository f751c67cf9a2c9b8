/**
 * oidc-provider's `renderError`: what a browser sees when an OAuth request fails at the IdP itself
 * (bad client, bad redirect URI, missing PKCE...). It shows the public `error` and `error_description`
 * oidc-provider prepared (never a stack or a server error's message) and a way back to the app.
 */
import type { Configuration } from 'oidc-provider';
import { escapeHtml, renderPage } from './html-page.ts';
import { cspNonceOf } from './security-headers.ts';

export function renderErrorPage(appOrigin: string): NonNullable<Configuration['renderError']> {
  return (ctx, out) => {
    ctx.type = 'html';
    const description = out.error_description === undefined ? '' : `<p>${escapeHtml(out.error_description)}</p>`;
    ctx.body = renderPage({
      title: 'Sign-in error',
      nonce: cspNonceOf(ctx),
      body: `<h1>Something went wrong</h1>
<p>The identity provider could not complete this request.</p>
<p>Error: <code>${escapeHtml(out.error)}</code></p>
${description}
<p><a href="${escapeHtml(appOrigin)}/">Go back to the app</a></p>`,
    });
  };
}
