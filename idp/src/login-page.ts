/**
 * The sign-in form and the page shown when a sign-in link is unknown or has expired.
 */
import { escapeHtml, renderPage } from './html-page.ts';
import { DEV_USERS, type DevUser } from './users.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Wrong user name or password.';

export interface LoginForm {
  /** Where the form posts: the interaction's own URL. */
  readonly action: string;
  readonly clientId: string;
  readonly appOrigin: string;
  /** The user name typed last time, kept when the password was wrong. */
  readonly username?: string | undefined;
  readonly error?: string | undefined;
  readonly nonce: string;
}

export function renderLoginPage(form: LoginForm): string {
  const username = escapeHtml(form.username ?? '');
  const error = form.error === undefined ? '' : `<p class="error" id="login-error" role="alert">${escapeHtml(form.error)}</p>`;
  const describedBy = form.error === undefined ? '' : ' aria-describedby="login-error"';
  // Autofocus the password when the user name is kept, so a retry is one field.
  const focusUser = username === '' ? ' autofocus' : '';
  const focusPassword = username === '' ? '' : ' autofocus';
  return renderPage({
    title: `Sign in to ${form.clientId}`,
    nonce: form.nonce,
    body: `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(form.clientId)}</strong> at ${escapeHtml(form.appOrigin)}</p>
${error}
<form method="post" action="${escapeHtml(form.action)}">
<label for="username">User name</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${username}"${describedBy}${focusUser}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${focusPassword}>
<div class="actions">
<button class="primary" type="submit" name="action" value="sign-in">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>
<p class="hint">Dev users: ${DEV_USERS.map(describeUser).join(', ')}. Password = user name.</p>`,
  });
}

function describeUser(user: DevUser): string {
  const roles = user.roles.length === 0 ? 'no roles' : user.roles.join(', ');
  return `<code>${escapeHtml(user.username)}</code> (${escapeHtml(roles)})`;
}

export function renderInteractionGonePage({ appOrigin, nonce }: { appOrigin: string; nonce: string }): string {
  return renderPage({
    title: 'Sign-in expired',
    nonce,
    body: `<h1>This sign-in has expired</h1>
<p>The sign-in link is unknown or too old, or it was already used.</p>
<p><a href="${escapeHtml(appOrigin)}/">Go back to the app</a> and sign in again.</p>`,
  });
}
