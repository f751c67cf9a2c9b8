/**
 * RP-Initiated Logout 1.0 pages. With a valid `id_token_hint` for the signed-in user, the app has proven
 * which session it is ending, so the confirmation form submits itself (§2 lets the OP skip the question);
 * without one, the user confirms. oidc-provider's form carries its own XSRF token. In the language the
 * app asked for with `ui_locales` (§2), else the browser's.
 */
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, renderPage } from './html-page.ts';
import { pageLanguage, type PageLanguage } from './page-language.ts';
import { wordsFor } from './page-words.ts';
import { cspNonceOf } from './security-headers.ts';

type RpInitiatedLogout = NonNullable<NonNullable<Configuration['features']>['rpInitiatedLogout']>;

/** The id of the form oidc-provider hands to `logoutSource`. */
const LOGOUT_FORM_ID = 'op.logoutForm';

export const logoutSource: NonNullable<RpInitiatedLogout['logoutSource']> = (ctx, form) => {
  const language = pageLanguage(ctx.oidc.params?.['ui_locales'], ctx.get('accept-language'));
  ctx.type = 'html';
  ctx.body = hintMatchesSession(ctx) ? renderAutoSubmit(form, cspNonceOf(ctx), language) : renderConfirm(form, cspNonceOf(ctx), language);
};

/** After the logout, when the app gave no address to come back to: the browser's language (the app's request is over). */
export function postLogoutSuccessSource(appOrigin: string): NonNullable<RpInitiatedLogout['postLogoutSuccessSource']> {
  return (ctx) => {
    const language = pageLanguage(undefined, ctx.get('accept-language'));
    const words = wordsFor(language);
    ctx.type = 'html';
    ctx.body = renderPage({
      language,
      title: words.signedOutTitle,
      nonce: cspNonceOf(ctx),
      body: `<h1>${escapeHtml(words.signedOutHeading)}</h1>
<p><a href="${escapeHtml(appOrigin)}/">${escapeHtml(words.goBack)}</a></p>`,
    });
  };
}

/** oidc-provider has verified the hint's signature; we also make sure it names the signed-in user. */
function hintMatchesSession(ctx: KoaContextWithOIDC): boolean {
  const hintSubject = ctx.oidc.entities.IdTokenHint?.payload['sub'];
  const accountId = ctx.oidc.session?.accountId;
  return typeof hintSubject === 'string' && hintSubject === accountId;
}

/** `logout=yes` ends the whole IdP session, not only this app's part of it. */
function renderAutoSubmit(form: string, nonce: string, language: PageLanguage): string {
  const words = wordsFor(language);
  return renderPage({
    language,
    title: words.signingOutTitle,
    nonce,
    body: `<h1>${escapeHtml(words.signingOutHeading)}</h1>
${form}
<input type="hidden" form="${LOGOUT_FORM_ID}" name="logout" value="yes">
<noscript><p>${escapeHtml(words.noScript)}</p>
<div class="actions"><button class="primary" type="submit" form="${LOGOUT_FORM_ID}">${escapeHtml(words.signOutButton)}</button></div></noscript>
<script nonce="${escapeHtml(nonce)}">document.getElementById('${LOGOUT_FORM_ID}').submit();</script>`,
  });
}

function renderConfirm(form: string, nonce: string, language: PageLanguage): string {
  const words = wordsFor(language);
  return renderPage({
    language,
    title: words.signOutTitle,
    nonce,
    body: `<h1>${escapeHtml(words.signOutHeading)}</h1>
<p>${escapeHtml(words.signOutQuestion)}</p>
${form}
<div class="actions">
<button class="primary" type="submit" form="${LOGOUT_FORM_ID}" name="logout" value="yes" autofocus>${escapeHtml(words.signOutYes)}</button>
<button type="submit" form="${LOGOUT_FORM_ID}">${escapeHtml(words.signOutNo)}</button>
</div>`,
  });
}
