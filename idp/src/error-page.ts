/**
 * oidc-provider's `renderError`: what a browser sees when an OAuth request fails at the IdP itself
 * (bad client, bad redirect URI, missing PKCE...). It shows the public `error` and `error_description`
 * oidc-provider prepared (never a stack or a server error's message; they stay English, for whoever
 * debugs) and a way back to the app, in the language the request asked for (`ui_locales`) when
 * oidc-provider read it, else the browser's.
 */
import type { Configuration } from 'oidc-provider';
import { escapeHtml, renderPage } from './html-page.ts';
import { pageLanguage } from './page-language.ts';
import { wordsFor } from './page-words.ts';
import { cspNonceOf } from './security-headers.ts';

export function renderErrorPage(appOrigin: string): NonNullable<Configuration['renderError']> {
  return (ctx, out) => {
    const language = pageLanguage(ctx.oidc?.params?.['ui_locales'], ctx.get('accept-language'));
    const words = wordsFor(language);
    ctx.type = 'html';
    const description = out.error_description === undefined ? '' : `<p lang="en">${escapeHtml(out.error_description)}</p>`;
    ctx.body = renderPage({
      language,
      title: words.errorTitle,
      nonce: cspNonceOf(ctx),
      body: `<h1>${escapeHtml(words.errorHeading)}</h1>
<p>${escapeHtml(words.errorText)}</p>
<p>${escapeHtml(words.errorCode)} <code>${escapeHtml(out.error)}</code></p>
${description}
<p><a href="${escapeHtml(appOrigin)}/">${escapeHtml(words.goBack)}</a></p>`,
    });
  };
}
