import { test as base, expect, type Page, type Request, type Response } from '@playwright/test';
import { startOwnSystem, type OwnSystem, type OwnSystemOptions } from './own-system.ts';
import { APP_ORIGIN, IDP_ISSUER, USERS, type UserName } from './system.ts';

interface Fixtures {
  /** Fails the test on any uncaught page error, CSP / Trusted Types violation or missing translation, in any of its pages. */
  pageProblems: string[];
  /** Starts systems of the test's own (see own-system.ts); they are stopped when the test ends. */
  ownSystems: { start(options: OwnSystemOptions): Promise<OwnSystem> };
}

export const test = base.extend<Fixtures>({
  pageProblems: [
    async ({ context, page }, use) => {
      const problems: string[] = [];
      const watch = (watched: Page) => watchPageProblems(watched, problems);
      watch(page);
      context.on('page', watch);
      await use(problems);
      expect(problems, 'page errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
  ownSystems: async ({}, use) => {
    const started: OwnSystem[] = [];
    await use({
      start: async (options) => {
        const system = await startOwnSystem(options);
        started.push(system);
        return system;
      },
    });
    for (const system of started) await system.stop();
  },
});

export { expect };

/**
 * Records `page`'s uncaught errors, CSP / Trusted Types violations and messages `$localize` found no
 * translation for (it warns, and shows the English) in `problems`: for pages of other browser
 * contexts, which the `pageProblems` fixture does not see by itself.
 */
export function watchPageProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Trusted Type/i.test(text)) problems.push(`csp: ${text}`);
    if (/No translation found/i.test(text)) problems.push(`untranslated: ${text}`);
  });
}

/** Where a test's app and IdP are: the shared system's, or one of its own. */
export interface Origins {
  readonly appOrigin: string;
  readonly idpIssuer: string;
}

const SHARED: Origins = { appOrigin: APP_ORIGIN, idpIssuer: IDP_ISSUER };

/** Fills the dev IdP's login form, which must be on screen. */
export async function submitIdpLogin(page: Page, user: UserName, password: string = user, { idpIssuer }: Origins = SHARED): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${idpIssuer}/`));
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From the app's home page, through the IdP's login form, back into the app as `user`, on the landing page. */
export async function signIn(page: Page, user: UserName, origins: Origins = SHARED): Promise<void> {
  await page.goto(`${origins.appOrigin}/`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await submitIdpLogin(page, user, user, origins);
  await expectSignedIn(page, user);
}

/** `user` is signed in, and the app has left the sign-in pages (the callback) for a page of its own. */
export async function expectSignedIn(page: Page, user: UserName): Promise<void> {
  await expect(page.getByTestId('user-name')).toHaveText(USERS[user].name);
  await expect(page).not.toHaveURL(/\/auth\//);
}

/** Collects every request the page makes, to assert on where tokens went. */
export function recordRequests(page: Page): { url: URL; authorization: string | undefined }[] {
  const seen: { url: URL; authorization: string | undefined }[] = [];
  page.on('request', (request) => seen.push({ url: new URL(request.url()), authorization: request.headers()['authorization'] }));
  return seen;
}

/** Resolves with the first access token the IdP's token endpoint gives this page. */
export function captureAccessToken(page: Page, idpIssuer: string = IDP_ISSUER): Promise<string> {
  return new Promise((resolve) => {
    page.on('response', async (response) => {
      if (response.url() !== `${idpIssuer}/token` || response.request().method() !== 'POST') return;
      const body = (await response.json()) as { access_token?: unknown };
      if (typeof body.access_token === 'string') resolve(body.access_token);
    });
  });
}

/** One answer of the IdP's token endpoint, as the page's token worker received it. */
export interface TokenExchange {
  /** Which of the recorded pages made it. */
  readonly page: number;
  readonly grantType: string | null;
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The order of the request and of its answer among all the exchanges recorded. */
  readonly sentAt: number;
  readonly answeredAt: number;
}

/**
 * Records the page's token requests (made by its token worker) and their answers, in order: which
 * grant, the status, the body (with the tokens).
 */
export function recordTokenExchanges(pages: Page[], idpIssuer: string): TokenExchange[] {
  const exchanges: TokenExchange[] = [];
  let clock = 0;
  const sent = new Map<Request, number>();
  const isTokenRequest = (request: Request) => request.url() === `${idpIssuer}/token` && request.method() === 'POST';
  for (const [index, page] of pages.entries()) {
    page.on('request', (request) => {
      if (isTokenRequest(request)) sent.set(request, clock++);
    });
    page.on('response', async (response: Response) => {
      const request = response.request();
      if (!isTokenRequest(request)) return;
      const answeredAt = clock++;
      const grantType = new URLSearchParams(request.postData() ?? '').get('grant_type');
      const body = (await response.json()) as Record<string, unknown>;
      exchanges.push({ page: index, grantType, status: response.status(), body, sentAt: sent.get(request) ?? -1, answeredAt });
    });
  }
  return exchanges;
}

/** The refresh tokens the IdP handed out in `exchanges`. */
export function refreshTokensIn(exchanges: readonly TokenExchange[]): string[] {
  return exchanges.flatMap((exchange) => (typeof exchange.body['refresh_token'] === 'string' ? [exchange.body['refresh_token']] : []));
}

/** The access tokens the IdP handed out in `exchanges`. */
export function accessTokensIn(exchanges: readonly TokenExchange[]): string[] {
  return exchanges.flatMap((exchange) => (typeof exchange.body['access_token'] === 'string' ? [exchange.body['access_token']] : []));
}

/** Refresh-token grants only. */
export function refreshesIn(exchanges: readonly TokenExchange[]): TokenExchange[] {
  return exchanges.filter((exchange) => exchange.grantType === 'refresh_token');
}

/**
 * Which of `secrets` a snapshot of the page's JavaScript heap holds (DevTools protocol: the page's
 * main thread, after a garbage collection, so only reachable objects). The token worker's heap is
 * another isolate and is not in it.
 */
export async function pageHeapHolds(page: Page, secrets: readonly string[]): Promise<boolean[]> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = chunks.join('');
  return secrets.map((secret) => snapshot.includes(secret));
}

/** What the page keeps in its storage and cookies, as text, to search for tokens. */
export async function pageStorage(page: Page): Promise<{ local: string; session: string; cookies: string }> {
  const browserCookies = JSON.stringify(await page.context().cookies());
  const inPage = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
  }));
  return { ...inPage, cookies: browserCookies };
}
