/**
 * The sign-in form and the page shown when a sign-in link is unknown or has expired, in the
 * language the app asked for (see page-language.ts).
 */
import { escapeHtml, renderPage } from './html-page.ts';
import type { PageLanguage } from './page-language.ts';
import { wordsFor, type PageWords } from './page-words.ts';
import { DEV_USERS, type DevUser } from './users.ts';

export interface LoginForm {
  readonly language: PageLanguage;
  /** Where the form posts: the interaction's own URL. */
  readonly action: string;
  readonly clientId: string;
  readonly appOrigin: string;
  /** The user name typed last time, kept when the password was wrong. */
  readonly username?: string | undefined;
  /** The last attempt's user name and password were wrong. */
  readonly wrongCredentials?: boolean | undefined;
  readonly nonce: string;
}

export function renderLoginPage(form: LoginForm): string {
  const words = wordsFor(form.language);
  const username = escapeHtml(form.username ?? '');
  const error = form.wrongCredentials ? `<p class="error" id="login-error" role="alert">${escapeHtml(words.wrongCredentials)}</p>` : '';
  const describedBy = form.wrongCredentials ? ' aria-describedby="login-error"' : '';
  // Autofocus the password when the user name is kept, so a retry is one field.
  const focusUser = username === '' ? ' autofocus' : '';
  const focusPassword = username === '' ? '' : ' autofocus';
  return renderPage({
    language: form.language,
    title: words.signInTitle(form.clientId),
    nonce: form.nonce,
    body: `<h1>${escapeHtml(words.signInHeading)}</h1>
<p>${words.continueTo(escapeHtml(form.clientId), escapeHtml(form.appOrigin))}</p>
${error}
<form method="post" action="${escapeHtml(form.action)}">
<label for="username">${escapeHtml(words.userName)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${username}"${describedBy}${focusUser}>
<label for="password">${escapeHtml(words.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${focusPassword}>
<div class="actions">
<button class="primary" type="submit" name="action" value="sign-in">${escapeHtml(words.signInButton)}</button>
<button type="submit" name="action" value="cancel" formnovalidate>${escapeHtml(words.cancel)}</button>
</div>
</form>
<p class="hint">${words.devUsersHint(DEV_USERS.map((user) => describeUser(user, words)).join(', '))}</p>`,
  });
}

/** Trusted HTML: the user name and roles are escaped. */
function describeUser(user: DevUser, words: PageWords): string {
  const roles = user.roles.length === 0 ? words.noRoles : user.roles.join(', ');
  return `<code>${escapeHtml(user.username)}</code> (${escapeHtml(roles)})`;
}

export function renderInteractionGonePage({ language, appOrigin, nonce }: { language: PageLanguage; appOrigin: string; nonce: string }): string {
  const words = wordsFor(language);
  return renderPage({
    language,
    title: words.expiredTitle,
    nonce,
    body: `<h1>${escapeHtml(words.expiredHeading)}</h1>
<p>${escapeHtml(words.expiredText)}</p>
<p>${words.goBackAndSignIn(`${escapeHtml(appOrigin)}/`)}</p>`,
  });
}
