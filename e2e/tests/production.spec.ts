import { ApiPath, AppPath, ChatApiPath, ErrorCode, TokenRefusal, type ApiError } from '@app/contracts';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createRoom, expectLive, messageList, roomHeading, send } from './chat-page.ts';
import { boundKeyOf, dpopHeaders, pageKeyThumbprint } from './dpop.ts';
import { captureAccessToken, expect, signIn, submitIdpLogin, test, watchPageProblems } from './fixtures.ts';
import { startProductionSystem, type ApiInstance, type ProductionSystem } from './production-system.ts';
import type { UserName } from './system.ts';

/**
 * The production topology run for real (production-system.ts): nginx terminating TLS in front of
 * two API instances with NODE_ENV=production on one PostgreSQL database. The browsers reach the
 * app through nginx only, over https with a certificate the test made (they are told to accept
 * it: it is nobody's CA).
 */
test.describe('production topology: nginx with TLS, two API instances, PostgreSQL', () => {
  let system: ProductionSystem;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    system = await startProductionSystem();
  });
  // A test's pages go with it: their live streams and renewals would otherwise weigh on nginx's
  // choices (least_conn) and on the instances' logs in the tests after it.
  test.afterEach(async () => {
    await Promise.all(opened.splice(0).map((context) => context.close()));
  });
  test.afterAll(async () => {
    await system?.stop();
  });

  test('alice signs in through the front door and posts; bob, whose stream another instance serves, sees it live', async ({ browser, pageProblems }) => {
    const alice = await openPage(browser, pageProblems);
    await signIn(alice, 'alice', system);
    await createRoom(alice, 'front-door');

    await expectLive(alice);
    // The instance nginx gives bob's live stream is his.
    const streams = new RegExp(`^GET ${ChatApiPath.Events}$`);
    const streamsBefore = requestsOf(system.instances, streams);
    // Bob signs in straight into the room: one page load after sign-in, so one stream request
    // (signing in, then opening the room's address, would make two, perhaps on both instances).
    const bob = await openPage(browser, pageProblems);
    await bob.goto(`${system.appOrigin}${AppPath.Chat}?room=front-door`);
    await submitIdpLogin(bob, 'bob', 'bob', system);
    await expect(roomHeading(bob, 'front-door')).toBeVisible();
    await expectLive(bob);
    const bobsInstance = await newRequestIn(system.instances, streams, streamsBefore);

    // nginx spreads alice's posts over both instances: post until one goes to the other instance,
    // and bob sees every one of them, live. Each post waits until the instances hold nothing but
    // the two live streams, so nginx (least_conn) weighs the instances alike, not by the read
    // markers and proofs of the moment before.
    const posts = /^POST \/api\/chat\/rooms\/[^/]+\/messages$/;
    for (let n = 1; n <= 6; n++) {
      const text = `Hello through nginx, ${n}`;
      await expect.poll(() => unansweredBesides(system.instances, streams)).toEqual([]);
      const before = requestsOf(system.instances, posts);
      await send(alice, text);
      await expect(messageList(bob).getByText(text, { exact: true })).toBeVisible();
      const postedOn = await newRequestIn(system.instances, posts, before);
      if (postedOn !== bobsInstance) {
        expect(postedOn).not.toBe(bobsInstance);
        return;
      }
    }
    throw new Error(`nginx sent every post of alice to ${bobsInstance.name}, the instance of bob's stream`);
  });

  test('binds the session to the browser\'s key behind nginx: every API request carries a proof naming the https APP_ORIGIN, which the instances check', async ({ browser, pageProblems }) => {
    const page = await openPage(browser, pageProblems);
    const sent: { url: URL; authorization: string | undefined; dpop: string | undefined }[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === system.appOrigin && url.pathname.startsWith('/api/')) sent.push({ url, authorization: request.headers()['authorization'], dpop: request.headers()['dpop'] });
    });
    const accessToken = captureAccessToken(page, system.idpIssuer);
    await signIn(page, 'bob', system);
    await expectLive(page);

    const token = await accessToken;
    expect(boundKeyOf(token), 'the IdP bound the token to the key this browser keeps').toBe(await pageKeyThumbprint(page));
    const authorized = sent.filter((request) => request.authorization !== undefined);
    expect(authorized.length).toBeGreaterThan(0);
    for (const request of authorized) {
      expect(request.authorization).toBe(`DPoP ${token}`);
      const { htu } = JSON.parse(Buffer.from(request.dpop?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { htu?: string };
      expect(htu).toBe(`${system.appOrigin}${request.url.pathname}`);
    }

    // What nginx forwards (Host "localhost", plain http to 127.0.0.1:port) is not what the proof must
    // name: a proof for the instance's own address is refused, one for APP_ORIGIN accepted.
    const me = `${system.appOrigin}${ApiPath.Me}`;
    const forInstance = await page.request.get(me, { headers: await dpopHeaders(page, 'GET', `http://${system.instances[0].address}${ApiPath.Me}`, token) });
    expect(forInstance.status()).toBe(401);
    expect(((await forInstance.json()) as ApiError).reason).toBe(TokenRefusal.DpopProof);
    const forOrigin = await page.request.get(me, { headers: await dpopHeaders(page, 'GET', me, token) });
    expect(forOrigin.status()).toBe(200);
  });

  test('answers with the production headers through nginx: HSTS, CSP, nosniff, no version; plain http redirects to https', async ({ browser, pageProblems }) => {
    const page = await openPage(browser, pageProblems);
    const response = await page.goto(`${system.appOrigin}${AppPath.Home}`);
    const headers = response?.headers() ?? {};
    expect(headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain('require-trusted-types-for');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['server']).toBe('nginx');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

    const api = await page.request.get(`${system.appOrigin}/api/ready`);
    expect(api.status()).toBe(200);
    expect(api.headers()['strict-transport-security']).toMatch(/max-age=/);
    expect(api.headers()['strict-transport-security']?.split(',')).toHaveLength(1);

    const plain = await fetch(`${system.httpOrigin}${AppPath.Chat}?room=general`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`${system.appOrigin}${AppPath.Chat}?room=general`);
  });

  test('takes the client address from nginx, which a client cannot choose with its own X-Forwarded-For (rate-limit evasion)', async ({ browser, pageProblems }) => {
    const page = await openPage(browser, pageProblems);
    const marker = `/api/no-such-route-${Date.now()}`;
    const response = await page.request.get(`${system.appOrigin}${marker}`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(response.status()).toBe(404);
    let logged: string[] = [];
    await expect.poll(() => {
      logged = system.instances.flatMap((instance) => instance.requests().filter((r) => r.url === marker).map((r) => r.remoteAddress));
      return logged.length;
    }).toBe(1);
    expect(logged).toEqual(['127.0.0.1']);
  });

  test('carries on through a rolling restart: while each instance in turn is stopped and started again, alice\'s posts reach bob live through the other', async ({ browser, pageProblems }) => {
    const alice = await openPage(browser, pageProblems);
    await signIn(alice, 'alice', system);
    await createRoom(alice, 'rolling-restart');
    await expectLive(alice);
    const bob = await openPage(browser, pageProblems);
    await bob.goto(`${system.appOrigin}${AppPath.Chat}?room=rolling-restart`);
    await submitIdpLogin(bob, 'bob', 'bob', system);
    await expect(roomHeading(bob, 'rolling-restart')).toBeVisible();
    await expectLive(bob);

    for (const instance of system.instances) {
      await instance.stop();
      const text = `Posted while ${instance.name} is stopped`;
      await send(alice, text);
      await expect(messageList(bob).getByText(text, { exact: true })).toBeVisible();
      await instance.start();
      // The next instance stops only once nginx sends this one requests again (README,
      // "Deployment": nginx tries an instance it found down again 5 s after). Counted by the
      // requests only this loop makes: the tabs' live streams go through another upstream.
      const readyChecks = () => instance.requests().filter((request) => request.url === ApiPath.Ready).length;
      await expect.poll(async () => {
        const before = readyChecks();
        await alice.request.get(`${system.appOrigin}${ApiPath.Ready}`);
        return readyChecks() > before;
      }, { timeout: 15_000 }).toBe(true);
    }
    await expectLive(alice);
    await expectLive(bob);
  });

  test('says so in the app\'s terms when no instance can answer: the API a JSON 503 service_unavailable with Retry-After, pages a page in both languages that reloads itself, each with the security headers', async ({ browser, pageProblems }) => {
    test.setTimeout(90_000);
    await Promise.all(system.instances.map((instance) => instance.stop()));
    try {
      const page = await openPage(browser, pageProblems);
      const api = await page.request.get(`${system.appOrigin}${ApiPath.Me}`);
      expect(api.status()).toBe(503);
      expect(api.headers()['retry-after']).toBe('5');
      expect(api.headers()['content-type']).toBe('application/json');
      expect(((await api.json()) as ApiError).error).toBe(ErrorCode.ServiceUnavailable);

      const response = await page.goto(`${system.appOrigin}${AppPath.Chat}`);
      expect(response?.status()).toBe(503);
      for (const headers of [api.headers(), response?.headers() ?? {}]) {
        expect(headers['content-security-policy']).toMatch(/^default-src 'none';/);
        expect(headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['cache-control']).toBe('no-store');
      }
      await expect(page.getByRole('heading', { name: 'Teamspace is unavailable for a moment' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Teamspace est momentanément indisponible' })).toBeVisible();
      // Its own style applies (a CSP violation would be one of pageProblems).
      expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('576px');

      // Once an instance is back, the page loads the app by itself: signed out, it goes to the IdP.
      await system.instances[0].start();
      await expect(page).toHaveURL(new RegExp(`^${system.idpIssuer}/`), { timeout: 40_000 });
    } finally {
      await Promise.all(system.instances.map((instance) => instance.start()));
    }
  });
});

/** A page in a browser context of its own (its own cookies and session), accepting the test's certificate. */
/** The browser contexts the running test opened, closed after it. */
const opened: BrowserContext[] = [];

async function openPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  opened.push(context);
  const page = await context.newPage();
  watchPageProblems(page, problems);
  return page;
}

/** How many requests matching `request` (`METHOD /path`) each instance has received. */
function requestsOf(instances: readonly ApiInstance[], request: RegExp): number[] {
  return instances.map((instance) => instance.requests().filter((r) => request.test(`${r.method} ${r.url}`)).length);
}

/**
 * The API requests (`METHOD /path`) the instances are still answering, but those matching
 * `ongoing`. Files are left out: a browser may drop one (the favicon) before its answer is logged.
 */
function unansweredBesides(instances: readonly ApiInstance[], ongoing: RegExp): string[] {
  return instances
    .flatMap((instance) => instance.unanswered().filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`))
    .filter((request) => !ongoing.test(request));
}

/** The instance that logged one more `request` than `before` counted (it may log a moment after answering). */
async function newRequestIn(instances: readonly ApiInstance[], request: RegExp, before: readonly number[]): Promise<ApiInstance> {
  let grown: ApiInstance[] = [];
  await expect.poll(() => {
    const now = requestsOf(instances, request);
    grown = instances.filter((_, i) => (now[i] ?? 0) > (before[i] ?? 0));
    return grown.length;
  }).toBe(1);
  return grown[0]!;
}

