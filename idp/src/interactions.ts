/**
 * The interaction pages oidc-provider sends the browser to (`interactions.url`): our own sign-in form,
 * because `devInteractions` would accept any user name. `GET /interaction/:uid` shows the form,
 * `POST /interaction/:uid` signs in or cancels (both under the issuer's path, which mount-path.ts has
 * taken off `ctx.path`). The interaction itself is found through oidc-provider's cookie, scoped to that
 * path and SameSite=Lax, so another site cannot post the form for the user.
 */
import type { Context, Middleware } from 'koa';
import { errors, type Interaction, type InteractionResults } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { IdpConfig } from './config.ts';
import { grantMissingConsent } from './first-party-consent.ts';
import { FormBodyError, readFormBody } from './form-body.ts';
import { escapeHtml, renderPage } from './html-page.ts';
import { renderInteractionGonePage, renderLoginPage } from './login-page.ts';
import { pageLanguage } from './page-language.ts';
import { wordsFor } from './page-words.ts';
import { cspNonceOf } from './security-headers.ts';
import { authenticateDevUser } from './users.ts';

const INTERACTION_PATH = /^\/interaction\/([\w-]+)$/;

type Settings = Pick<IdpConfig, 'appOrigin' | 'clientId' | 'mountPath'>;

/** The browser-visible path of an interaction's page: under the issuer's path. */
export function interactionPath(mountPath: string, uid: string): string {
  return `${mountPath}/interaction/${uid}`;
}

export function interactionRoutes(provider: Provider, settings: Settings): Middleware {
  return async (ctx, next) => {
    const uid = INTERACTION_PATH.exec(ctx.path)?.[1];
    if (uid === undefined) {
      return next();
    }
    ctx.set('Cache-Control', 'no-store');
    try {
      await handleInteraction(provider, settings, ctx, uid);
    } catch (error) {
      renderFailure(settings, ctx, error);
    }
  };
}

async function handleInteraction(provider: Provider, settings: Settings, ctx: Context, uid: string): Promise<void> {
  switch (ctx.method) {
    case 'GET':
    case 'HEAD':
      return showInteraction(provider, settings, ctx, await loadInteraction(provider, ctx, uid));
    case 'POST': {
      const form = await readFormBody(ctx.req, ctx.is('application/x-www-form-urlencoded') !== false);
      return submitInteraction(provider, settings, ctx, await loadInteraction(provider, ctx, uid), form);
    }
    default:
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD, POST');
  }
}

/** The interaction of this browser, which must be the one the URL names. */
async function loadInteraction(provider: Provider, ctx: Context, uid: string): Promise<Interaction> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  if (interaction.uid !== uid) {
    throw new errors.SessionNotFound('interaction does not match the URL');
  }
  return interaction;
}

async function showInteraction(provider: Provider, settings: Settings, ctx: Context, interaction: Interaction) {
  switch (interaction.prompt.name) {
    case 'login':
      return showLoginForm(settings, ctx, interaction);
    case 'consent':
      return finish(provider, ctx, await grantMissingConsent(provider, interaction));
    default:
      return finish(provider, ctx, unsupportedPrompt(interaction));
  }
}

async function submitInteraction(
  provider: Provider,
  settings: Settings,
  ctx: Context,
  interaction: Interaction,
  form: URLSearchParams,
) {
  if (form.get('action') === 'cancel') {
    return finish(provider, ctx, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
  }
  if (interaction.prompt.name === 'consent') {
    return finish(provider, ctx, await grantMissingConsent(provider, interaction));
  }
  if (interaction.prompt.name !== 'login') {
    return finish(provider, ctx, unsupportedPrompt(interaction));
  }
  const username = form.get('username')?.trim() ?? '';
  const user = authenticateDevUser(username, form.get('password') ?? '');
  if (user === undefined) {
    ctx.status = 400;
    return showLoginForm(settings, ctx, interaction, { username });
  }
  return finish(provider, ctx, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
}

function showLoginForm(
  settings: Settings,
  ctx: Context,
  interaction: Interaction,
  retry: { username: string } | undefined = undefined,
): void {
  const clientId = interaction.params['client_id'];
  ctx.type = 'html';
  ctx.body = renderLoginPage({
    // The app's ui_locales, kept with the interaction since the authorization request.
    language: pageLanguage(interaction.params['ui_locales'], ctx.get('accept-language')),
    action: interactionPath(settings.mountPath, interaction.uid),
    clientId: typeof clientId === 'string' ? clientId : settings.clientId,
    appOrigin: settings.appOrigin,
    username: retry?.username,
    wrongCredentials: retry !== undefined,
    nonce: cspNonceOf(ctx),
  });
}

/** Hands the result to oidc-provider and sends the browser back to the authorization endpoint. */
async function finish(
  provider: Provider,
  ctx: Context,
  result: InteractionResults,
  options: { mergeWithLastSubmission: boolean } = { mergeWithLastSubmission: true },
): Promise<void> {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, options);
  // 303: the browser follows a POST's redirect with a GET (RFC 9110 §15.4.4).
  ctx.status = 303;
  ctx.redirect(returnTo);
}

function unsupportedPrompt(interaction: Interaction): InteractionResults {
  return {
    error: 'interaction_required',
    error_description: `The dev IdP cannot handle the "${interaction.prompt.name}" prompt.`,
  };
}

/** No interaction to read the app's `ui_locales` from: the browser's language. */
function renderFailure(settings: Settings, ctx: Context, error: unknown): void {
  const nonce = cspNonceOf(ctx);
  const language = pageLanguage(undefined, ctx.get('accept-language'));
  ctx.type = 'html';
  if (error instanceof errors.SessionNotFound) {
    ctx.status = 400;
    ctx.body = renderInteractionGonePage({ language, appOrigin: settings.appOrigin, nonce });
  } else if (error instanceof FormBodyError) {
    const { badRequest } = wordsFor(language);
    ctx.status = error.status;
    ctx.body = renderPage({ language, title: badRequest, nonce, body: `<h1>${escapeHtml(badRequest)}</h1>\n<p lang="en">${escapeHtml(error.message)}</p>` });
  } else {
    throw error;
  }
}
