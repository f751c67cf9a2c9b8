/**
 * RP-Initiated Logout 1.0 pages. With a valid `id_token_hint` for the signed-in user, the app has proven
 * which session it is ending, so the confirmation form submits itself (§2 lets the OP skip the question);
 * without one, the user confirms. oidc-provider's form carries its own XSRF token.
 */
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, renderPage } from './html-page.ts';
import { cspNonceOf } from './security-headers.ts';

type RpInitiatedLogout = NonNullable<NonNullable<Configuration['features']>['rpInitiatedLogout']>;

/** The id of the form oidc-provider hands to `logoutSource`. */
const LOGOUT_FORM_ID = 'op.logoutForm';

export const logoutSource: NonNullable<RpInitiatedLogout['logoutSource']> = (ctx, form) => {
  ctx.type = 'html';
  ctx.body = hintMatchesSession(ctx) ? renderAutoSubmit(form, cspNonceOf(ctx)) : renderConfirm(form, cspNonceOf(ctx));
};

export function postLogoutSuccessSource(appOrigin: string): NonNullable<RpInitiatedLogout['postLogoutSuccessSource']> {
  return (ctx) => {
    ctx.type = 'html';
    ctx.body = renderPage({
      title: 'Signed out',
      nonce: cspNonceOf(ctx),
      body: `<h1>You are signed out</h1>
<p><a href="${escapeHtml(appOrigin)}/">Go back to the app</a></p>`,
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
function renderAutoSubmit(form: string, nonce: string): string {
  return renderPage({
    title: 'Signing out',
    nonce,
    body: `<h1>Signing you out…</h1>
${form}
<input type="hidden" form="${LOGOUT_FORM_ID}" name="logout" value="yes">
<noscript><p>JavaScript is off: press the button to finish signing out.</p>
<div class="actions"><button class="primary" type="submit" form="${LOGOUT_FORM_ID}">Sign out</button></div></noscript>
<script nonce="${escapeHtml(nonce)}">document.getElementById('${LOGOUT_FORM_ID}').submit();</script>`,
  });
}

function renderConfirm(form: string, nonce: string): string {
  return renderPage({
    title: 'Sign out',
    nonce,
    body: `<h1>Sign out?</h1>
<p>Do you want to sign out of the dev identity provider?</p>
${form}
<div class="actions">
<button class="primary" type="submit" form="${LOGOUT_FORM_ID}" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="${LOGOUT_FORM_ID}">No, stay signed in</button>
</div>`,
  });
}
