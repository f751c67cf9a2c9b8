import { AppPath } from '@app/contracts';
import type { Page } from '@playwright/test';
import {
  accessTokensIn,
  expect,
  expectSignedIn,
  pageHeapHolds,
  pageStorage,
  recordRequests,
  recordTokenExchanges,
  refreshTokensIn,
  refreshesIn,
  signIn,
  test,
  type Origins,
} from './fixtures.ts';

/** The access-token lifetime for session tests: renewals come every 15 s. */
const SHORT_TTL = 20;

/** Bob opens both feature pages: moving between them makes API calls. */
async function useTheApp(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByTestId('summary')).toContainText('Messages');
  await page.getByRole('link', { name: 'Chat' }).click();
  await expect(page.getByTestId('rooms-empty')).toBeVisible();
}

function interactionsIn(requests: { url: URL }[], { idpIssuer }: Origins) {
  return requests.filter((r) => r.url.origin === idpIssuer && r.url.pathname.startsWith('/interaction/'));
}

async function openAboutSession(page: Page) {
  await page.getByTestId('user-name').click();
  return page.getByTestId('renewal-strategy');
}

test.describe('session lifecycle', () => {
  test('bob keeps using the app across several token lifetimes without the password form, and the refresh token never reaches page storage or the page heap', async ({ page, ownSystems }) => {
    test.setTimeout(120_000);
    const system = await ownSystems.start({ slot: 0, accessTokenTtl: SHORT_TTL });
    const exchanges = recordTokenExchanges([page], system.idpIssuer);
    await signIn(page, 'bob', system);
    await expect(await openAboutSession(page)).toContainText('rotated refresh token');
    const afterSignIn = recordRequests(page);

    for (let lifetime = 1; lifetime <= 3; lifetime++) {
      await expect.poll(() => refreshesIn(exchanges).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(lifetime);
      await useTheApp(page);
    }

    await expectSignedIn(page, 'bob');
    expect(interactionsIn(afterSignIn, system), 'no password form after the first sign-in').toEqual([]);
    expect(refreshesIn(exchanges).map((exchange) => exchange.status)).toEqual(refreshesIn(exchanges).map(() => 200));
    // Rotation: every refresh handed out a new refresh token.
    const refreshTokens = refreshTokensIn(exchanges);
    expect(new Set(refreshTokens).size).toBe(refreshesIn(exchanges).length + 1);

    const stored = await pageStorage(page);
    for (const refreshToken of refreshTokens) {
      expect(stored.local).not.toContain(refreshToken);
      expect(stored.session).not.toContain(refreshToken);
      expect(stored.cookies).not.toContain(refreshToken);
    }
    const latestAccessToken = accessTokensIn(exchanges).at(-1)!;
    const [accessTokenInHeap, ...refreshTokensInHeap] = await pageHeapHolds(page, [latestAccessToken, ...refreshTokens]);
    expect(accessTokenInHeap, 'the heap snapshot does find tokens the page holds').toBe(true);
    expect(refreshTokensInHeap, 'no refresh token in the page heap').toEqual(refreshTokens.map(() => false));
  });

  test('two tabs open when the access token expires: both keep working, one tab uses the other’s renewal, and renewals never overlap', async ({ page, ownSystems }) => {
    test.setTimeout(120_000);
    const system = await ownSystems.start({ slot: 1, accessTokenTtl: SHORT_TTL });
    const tabA = page;
    const tabB = await page.context().newPage();
    const exchanges = recordTokenExchanges([tabA, tabB], system.idpIssuer);
    await signIn(tabA, 'bob', system);
    const requestsA = recordRequests(tabA);
    const requestsB = recordRequests(tabB);
    await tabB.goto(`${system.appOrigin}${AppPath.Analytics}`);
    await expectSignedIn(tabB, 'bob');

    // The first tab to find the token due renews; the other takes its tokens and makes no request.
    await expect.poll(() => refreshesIn(exchanges).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const [firstRenewal] = refreshesIn(exchanges);
    const [otherTab, otherRequests] = firstRenewal!.page === 0 ? [tabB, requestsB] : [tabA, requestsA];
    const callsBefore = otherRequests.length;
    await useTheApp(otherTab);
    const sentByOther = otherRequests.slice(callsBefore).filter((r) => r.url.pathname.startsWith('/api/') && r.authorization);
    expect(new Set(sentByOther.map((r) => r.authorization)), 'the other tab uses the renewed token').toEqual(new Set([`DPoP ${firstRenewal!.body['access_token']}`]));
    expect(refreshesIn(exchanges), 'one renewal for both tabs').toHaveLength(1);

    // Another lifetime later, both tabs keep working.
    await expect.poll(() => refreshesIn(exchanges).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await useTheApp(tabA);
    await useTheApp(tabB);
    await expectSignedIn(tabA, 'bob');
    await expectSignedIn(tabB, 'bob');
    expect([...interactionsIn(requestsA, system), ...interactionsIn(requestsB, system)]).toEqual([]);
    const refreshes = refreshesIn(exchanges);
    expect(refreshes.map((r) => r.status), 'no refresh token was refused (no replay, no revoked grant)').toEqual(refreshes.map(() => 200));
    const ordered = [...refreshes].sort((a, b) => a.sentAt - b.sentAt);
    for (let i = 1; i < ordered.length; i++) {
      expect(ordered[i]!.sentAt, 'a renewal starts only after the previous one was answered').toBeGreaterThan(ordered[i - 1]!.answeredAt);
    }
  });

  test('sign-out in tab A: tab B shows the signed-out state within 2 s, and /chat in either asks for the password', async ({ page }) => {
    const tabA = page;
    const tabB = await page.context().newPage();
    await signIn(tabA, 'alice');
    await tabB.goto(AppPath.Chat);
    await expectSignedIn(tabB, 'alice');
    const revocations = recordRequests(tabA);

    await tabA.getByRole('button', { name: 'Sign out' }).click();
    await expect(tabB.getByText('You signed out in another tab.')).toBeVisible({ timeout: 2_000 });
    await expect(tabB.getByTestId('user-name')).toBeHidden({ timeout: 2_000 });
    await expect(tabB.getByRole('link', { name: 'Sign in' })).toBeVisible({ timeout: 2_000 });

    await expect(tabA.getByRole('link', { name: 'Sign in' })).toBeVisible();
    expect(revocations.some((r) => r.url.pathname === '/token/revocation'), 'the refresh token was revoked (RFC 7009)').toBe(true);
    for (const tab of [tabA, tabB]) {
      await tab.goto(AppPath.Chat);
      await expect(tab.getByLabel('Password')).toBeVisible();
    }
  });

  test('sign-in in one tab shows in the others', async ({ page }) => {
    const tabA = page;
    const tabB = await page.context().newPage();
    await tabB.goto('/');
    await expect(tabB.getByRole('link', { name: 'Sign in' })).toBeVisible();

    await signIn(tabA, 'alice');
    await expectSignedIn(tabB, 'alice');
    await expect(tabB).toHaveURL(new RegExp(`${AppPath.Chat}$`));
    await expect(tabB.getByTestId('rooms-empty')).toBeVisible();
  });

  test('the API answers 401 once (the IdP rotated its keys): one renewal, one retry of the request, and it succeeds', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 2, accessTokenTtl: 300 });
    const exchanges = recordTokenExchanges([page], system.idpIssuer);
    await signIn(page, 'bob', system);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();

    await system.rotateIdpKey();
    const chatCalls: { path: string; status: number; authorization: string | undefined }[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/chat/')) {
        chatCalls.push({ path, status: response.status(), authorization: response.request().headers()['authorization'] });
      }
    });
    const refreshesBefore = refreshesIn(exchanges).length;
    await page.getByRole('link', { name: 'Chat' }).click();

    await expect(page.getByTestId('rooms-empty')).toBeVisible();
    // The chat's first call (its live stream) is refused, made again once with the renewed token; no other is refused.
    expect(chatCalls.map((call) => call.status)).toEqual([401, ...chatCalls.slice(1).map(() => 200)]);
    expect(chatCalls[1]!.path).toBe(chatCalls[0]!.path);
    expect(chatCalls[1]!.authorization).not.toBe(chatCalls[0]!.authorization);
    expect(refreshesIn(exchanges).slice(refreshesBefore).map((r) => r.status)).toEqual([200]);
    await expectSignedIn(page, 'bob');
  });

  test('the IdP stops mid-session: the app says so clearly, keeps the user signed in, and recovers when the IdP is back', async ({ page, ownSystems }) => {
    test.setTimeout(120_000);
    const system = await ownSystems.start({ slot: 3, accessTokenTtl: SHORT_TTL });
    await signIn(page, 'bob', system);
    const requests = recordRequests(page);

    await system.stopIdp();
    const problem = page.getByTestId('session-problem');
    await expect(problem).toContainText('The identity provider cannot be reached', { timeout: 30_000 });
    await expect(problem).toContainText(system.idpIssuer);
    await expectSignedIn(page, 'bob');

    await system.startIdp();
    await expect(problem).toBeHidden({ timeout: 30_000 });
    await useTheApp(page);
    await expectSignedIn(page, 'bob');
    expect(interactionsIn(requests, system), 'no password form').toEqual([]);
  });

  test('without refresh tokens, the session is renewed by a silent re-authentication that brings the user back to the same page', async ({ page, ownSystems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 4, accessTokenTtl: SHORT_TTL, refreshTokens: false });
    const exchanges = recordTokenExchanges([page], system.idpIssuer);
    await signIn(page, 'bob', system);
    expect(refreshTokensIn(exchanges)).toEqual([]);
    await page.goto(`${system.appOrigin}${AppPath.Analytics}?range=7d`);
    await expectSignedIn(page, 'bob');
    await expect(await openAboutSession(page)).toContainText('silent re-authentication');
    const requests = recordRequests(page);
    const codesBefore = exchanges.length;

    // Come back to the tab once the token is due (three quarters of its life): it renews at once.
    await page.waitForTimeout(SHORT_TTL * 750);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

    await expect.poll(() => exchanges.length, { timeout: 20_000 }).toBeGreaterThan(codesBefore);
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.Analytics}?range=7d`);
    await expectSignedIn(page, 'bob');
    await expect(page.getByTestId('summary')).toBeVisible();
    const authorizations = requests.filter((r) => r.url.origin === system.idpIssuer && r.url.pathname === '/auth');
    expect(authorizations.map((r) => r.url.searchParams.get('prompt'))).toEqual(['none']);
    expect(interactionsIn(requests, system)).toEqual([]);
  });

  test('after the laptop sleeps, coming back renews the token before the next API call', async ({ page, ownSystems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: SHORT_TTL });
    await page.clock.install();
    const exchanges = recordTokenExchanges([page], system.idpIssuer);
    await signIn(page, 'bob', system);
    // Sleep on a page without the chat's live stream: the server ends a stream when its token expires,
    // and here (unlike a laptop asleep) the page would hear it, its clock stopped but its network alive.
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    const apiStatuses: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) apiStatuses.push(response.status());
    });

    // Asleep: no timer runs in the page while the token expires for real.
    await page.clock.pauseAt(Date.now() + 1_000);
    await page.waitForTimeout((SHORT_TTL + 2) * 1_000);
    expect(refreshesIn(exchanges)).toEqual([]);
    await page.clock.setSystemTime(Date.now());
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

    await expect.poll(() => refreshesIn(exchanges).length, { timeout: 10_000 }).toBe(1);
    await page.clock.resume();
    await useTheApp(page);
    expect(refreshesIn(exchanges)).toHaveLength(1);
    expect(apiStatuses.filter((status) => status === 401), 'no call went out with the expired token').toEqual([]);
  });

  test('a sign-in cancelled at the IdP says so, with the way to try again', async ({ page }) => {
    await page.goto(AppPath.Chat);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Sign-in was cancelled' })).toBeVisible();
    await expect(page.getByText('Error code: access_denied')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Try again' })).toBeVisible();
  });
});
