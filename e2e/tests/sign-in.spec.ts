import { ApiPath, AppPath, ErrorCode, type ApiError } from '@app/contracts';
import { APP_ORIGIN, IDP_ISSUER, USERS } from './system.ts';
import { dpopHeaders } from './dpop.ts';
import { captureAccessToken, expect, recordRequests, signIn, submitIdpLogin, test } from './fixtures.ts';

test.describe('sign-in', () => {
  test('alice (chat) lands on the chat page', async ({ page }) => {
    await signIn(page, 'alice');
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Chat}`);
    await expect(page.getByRole('heading', { name: 'Chat' })).toBeVisible();
    await expect(page.getByTestId('rooms-empty')).toBeVisible();
  });

  test('bob opens analytics before signing in and lands there after', async ({ page }) => {
    await page.goto(`${AppPath.Analytics}?range=7d`);
    await submitIdpLogin(page, 'bob');
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Analytics}?range=7d`);
    await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
    await expect(page.getByTestId('summary')).toContainText('Messages');
  });

  test('carol (no role) lands on the forbidden page, which says what is missing', async ({ page }) => {
    await signIn(page, 'carol');
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Forbidden}`);
    await expect(page.getByRole('heading', { name: /don’t have access/ })).toBeVisible();
    await expect(page.getByText('Whom to ask')).toBeVisible();
  });

  test('alice opening analytics is told which role she lacks, and the API refuses her too', async ({ page, request }) => {
    const accessToken = captureAccessToken(page);
    await signIn(page, 'alice');
    await page.goto(AppPath.Analytics);
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Forbidden}?role=analytics`);
    await expect(page.getByText('needs the analytics role')).toBeVisible();

    const url = `${APP_ORIGIN}${ApiPath.AnalyticsSummary}`;
    const response = await request.get(url, { headers: await dpopHeaders(page, 'GET', url, await accessToken) });
    expect(response.status()).toBe(403);
    expect(response.headers()['www-authenticate']).toContain('error="insufficient_scope"');
    expect(((await response.json()) as ApiError).error).toBe(ErrorCode.InsufficientScope);
  });

  test('bob, who has both roles, opening a no-access address goes to the page it names, or to his landing page', async ({ page }) => {
    await signIn(page, 'bob');
    await page.goto(`${AppPath.Forbidden}?role=analytics`);
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Analytics}`);
    await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
    await page.goto(AppPath.Forbidden);
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Chat}`);
    await expect(page.getByRole('heading', { name: 'Chat' })).toBeVisible();
  });

  test('a wrong password shows a clear message at the IdP and signs nobody in', async ({ page }) => {
    await page.goto(AppPath.Chat);
    await submitIdpLogin(page, 'alice', 'not-her-password');
    await expect(page.getByText('Wrong user name or password.')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`^${IDP_ISSUER}/`));
  });

  test('a reload keeps alice signed in without the password form', async ({ page }) => {
    await signIn(page, 'alice');
    const requests = recordRequests(page);
    await page.reload();
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Chat}`);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.alice.name);
    // The IdP answered from its session: the reload went through /authorize but no login interaction.
    expect(requests.some((r) => r.url.origin === IDP_ISSUER && r.url.pathname === '/auth')).toBe(true);
    expect(requests.filter((r) => r.url.origin === IDP_ISSUER && r.url.pathname.startsWith('/interaction/'))).toEqual([]);
  });

  test('after sign-out, the chat page asks for the password again', async ({ page }) => {
    await signIn(page, 'alice');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${APP_ORIGIN}/`);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto(AppPath.Chat);
    await expect(page.getByLabel('Password')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`^${IDP_ISSUER}/interaction/`));
  });

  test('when the app’s lazy code cannot be fetched, a failed sign-in still says what failed and how to go on, not a blank page', async ({ page }) => {
    await page.goto(AppPath.Chat);
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    // From here on the network gives the app only what index.html loads: no lazy chunk.
    const index = await (await page.request.get('/')).text();
    const initial = [...index.matchAll(/(chunk-[\w-]+\.js)/g)].map((m) => `/${m[1]}`);
    await page.route(/\/chunk-[\w-]+\.js$/, (route) => (initial.some((name) => route.request().url().endsWith(name)) ? route.continue() : route.abort()));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.SignInError}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign-in failed' })).toBeVisible();
    await expect(page.getByText('your connection may be down')).toBeVisible();
    await expect(page.getByText('Error code: config_unavailable')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Try again' })).toBeVisible();
  });
});
