import { test as base, expect, type Page } from '@playwright/test';
import { IDP_ISSUER, USERS, type UserName } from './system.ts';

interface Fixtures {
  /** Fails the test on any uncaught page error or CSP / Trusted Types violation. */
  pageProblems: string[];
}

export const test = base.extend<Fixtures>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        const text = message.text();
        if (/Content Security Policy|Trusted Type/i.test(text)) problems.push(`csp: ${text}`);
      });
      await use(problems);
      expect(problems, 'page errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Fills the dev IdP's login form, which must be on screen. */
export async function submitIdpLogin(page: Page, user: UserName, password: string = user): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${IDP_ISSUER}/`));
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From the app's home page, through the IdP's login form, back into the app as `user`. */
export async function signIn(page: Page, user: UserName): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await submitIdpLogin(page, user);
  await expect(page.getByTestId('user-name')).toHaveText(USERS[user].name);
}

/** Collects every request the page makes, to assert on where tokens went. */
export function recordRequests(page: Page): { url: URL; authorization: string | undefined }[] {
  const seen: { url: URL; authorization: string | undefined }[] = [];
  page.on('request', (request) => seen.push({ url: new URL(request.url()), authorization: request.headers()['authorization'] }));
  return seen;
}

/** Resolves with the first access token the IdP's token endpoint gives this page. */
export function captureAccessToken(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.on('response', async (response) => {
      if (response.url() !== `${IDP_ISSUER}/token` || response.request().method() !== 'POST') return;
      const body = (await response.json()) as { access_token?: unknown };
      if (typeof body.access_token === 'string') resolve(body.access_token);
    });
  });
}
