/**
 * The analytics dashboard in a real browser, against a system of the test's own whose database the
 * demo-history command (`npm run seed`) filled: the charts are drawn (their canvases hold coloured
 * pixels), the numbers are the API's, each figure downloads as the API's CSV, and the chart library
 * reaches no one but analytics users. Every test also fails on a CSP or Trusted Types violation.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { AnalyticsApiPath, AppPath, type AnalyticsSummary } from '@app/contracts';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { dpopHeaders } from './dpop.ts';
import { captureAccessToken, expect, submitIdpLogin, test } from './fixtures.ts';
import type { OwnSystem } from './own-system.ts';
import { environmentWith } from './system.ts';

const TIME_ZONE = 'Europe/Paris';
/** A string only the chart library's code holds (Chart.js's own error message). */
const CHART_LIBRARY_MARK = 'Canvas is already in use';

test.use({ timezoneId: TIME_ZONE, viewport: { width: 1100, height: 900 } });

/** Fills the system's database with `messages` made-up messages over the last 30 days. */
function seed(system: OwnSystem, messages: number): void {
  execFileSync(process.execPath, ['../scripts/seed.ts', '--messages', String(messages), '--days', '30'], {
    cwd: `${import.meta.dirname}/..`,
    env: environmentWith({ DATABASE_URL: `file:${system.databasePath}` }),
    stdio: 'pipe',
  });
}

/** Opens `path` signed out, signs in as `user` on the IdP's form, and comes back to it. */
async function openSignedIn(page: Page, system: OwnSystem, user: 'alice' | 'bob', path: string): Promise<void> {
  await page.goto(`${system.appOrigin}${path}`);
  await submitIdpLogin(page, user, user, system);
}

/** The summary as the API gives it to `page`'s user: their token, with a proof made with their browser's key. */
async function apiSummary(request: APIRequestContext, page: Page, system: OwnSystem, token: string, query: string): Promise<AnalyticsSummary> {
  const url = `${system.appOrigin}${AnalyticsApiPath.Summary}?${query}`;
  const response = await request.get(url, { headers: await dpopHeaders(page, 'GET', url, token) });
  expect(response.status()).toBe(200);
  return (await response.json()) as AnalyticsSummary;
}

/** Pixels of a canvas that are opaque and clearly coloured (not the white ground, not grey text or grid). */
async function colouredPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const canvasElement = element as HTMLCanvasElement;
    const context = canvasElement.getContext('2d');
    if (context === null || canvasElement.width === 0 || canvasElement.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvasElement.width, canvasElement.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
    }
    return count;
  });
}

/**
 * Parses a downloaded CSV (RFC 4180: quoted text, bare numbers, CRLF after every record), which
 * starts with a byte order mark for spreadsheets.
 */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(1, -2)
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((match) => match[1]?.replaceAll('""', '"') ?? match[2] ?? ''));
}

const formatCount = (value: number) => value.toLocaleString('en-GB');

/**
 * Every script the page loads from now on; read, when asked, from the server by URL. Reading each
 * response's body as it comes fails for one the page navigated away from (the app fetches chunks
 * ahead while idle, just before the IdP's page), or answered 304 from the cache.
 */
function recordScripts(page: Page): () => Promise<string[]> {
  const urls = new Set<string>();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') urls.add(request.url());
  });
  return () => Promise.all([...urls].map(async (url) => (await page.request.get(url)).text()));
}

test.describe('analytics dashboard', () => {
  test('bob sees the seeded figures drawn as charts, the same as the API\'s, and downloads them as CSV', async ({ page, request, ownSystems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 7, accessTokenTtl: 300 });
    seed(system, 3000);
    const token = captureAccessToken(page, system.idpIssuer);
    await openSignedIn(page, system, 'bob', AppPath.Analytics);
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.Analytics}`);
    const api = await apiSummary(request, page, system, await token, `period=30d&tz=${encodeURIComponent(TIME_ZONE)}`);
    expect(api.totals.messages.current).toBeGreaterThan(2000);

    // The totals are the API's.
    const totals = page.getByTestId('summary');
    await expect(totals).toContainText(`Messages${formatCount(api.totals.messages.current)}`);
    await expect(totals).toContainText(`Active users${formatCount(api.totals.activeUsers.current)}`);
    await expect(page.getByTestId('range-text')).toContainText(`Days and hours in ${TIME_ZONE}`);

    // Each chart is drawn: an image named by its text alternative, with coloured pixels on its canvas.
    const charts = [
      page.getByRole('img', { name: /^Line chart of messages per day/ }),
      page.getByRole('img', { name: /^Line chart of active users per day/ }),
      page.getByRole('img', { name: /^Bar chart of messages per room/ }),
      page.getByRole('img', { name: /^Heat map of messages by weekday and hour/ }),
    ];
    for (const chart of charts) {
      await expect(chart).toBeVisible();
      await expect.poll(() => colouredPixels(chart), { message: 'a drawn chart, not an empty canvas' }).toBeGreaterThan(1500);
    }
    await expect(page.getByRole('img', { name: /^Bar chart of messages per room/ })).toHaveAttribute('aria-label', new RegExp(`#${api.messagesPerRoom[0]?.name} ${formatCount(api.messagesPerRoom[0]?.messages ?? 0)}`));

    // The table view holds every day's number.
    const perDay = page.getByTestId('figure-messages-per-day');
    await perDay.getByText('Show as a table').click();
    await expect(perDay.locator('tbody tr')).toHaveCount(api.messagesPerDay.length);

    // The contributors table is the API's, in order.
    await expect(page.getByTestId('contributors').locator('tbody th')).toHaveText(api.topContributors.map((person) => person.name));

    // The CSV download holds exactly the API's rows.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download messages per day as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`messages-per-day_${api.range.from}_${api.range.to}.csv`);
    const rows = parseCsv(await readFile(await file.path(), 'utf8'));
    // The API's rows, under column names for people.
    expect(rows).toEqual([['Date', 'Messages'], ...api.messagesPerDay.map((day) => [day.date, String(day.messages)])]);

    const totalsDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download totals as CSV' }).click();
    const totalsRows = parseCsv(await readFile(await (await totalsDownload).path(), 'utf8'));
    expect(totalsRows[1]).toEqual(['Messages', String(api.totals.messages.current), String(api.totals.messages.previous), expect.any(String)]);
  });

  test('bob narrows the figures to a period and a room, and the URL keeps the choice', async ({ page, request, ownSystems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 7, accessTokenTtl: 300 });
    seed(system, 2000);
    const token = captureAccessToken(page, system.idpIssuer);
    await openSignedIn(page, system, 'bob', `${AppPath.Analytics}?range=7d`);
    await expect(page.getByTestId('summary')).toBeVisible();
    const general = (await apiSummary(request, page, system, await token, `period=7d&tz=${encodeURIComponent(TIME_ZONE)}`)).messagesPerRoom.find((room) => room.name === 'general');
    expect(general).toBeDefined();

    await page.getByRole('combobox', { name: 'Room' }).selectOption({ label: '#general' });
    await expect(page).toHaveURL(new RegExp(`range=7d.*room=${general?.roomId}`));
    const api = await apiSummary(request, page, system, await token, `period=7d&room=${general?.roomId}&tz=${encodeURIComponent(TIME_ZONE)}`);
    await expect(page.getByTestId('summary')).toContainText(`Messages${formatCount(api.totals.messages.current)}`);
    await expect(page.getByTestId('range-text')).toContainText('#general');

    await page.getByText('Custom', { exact: true }).click();
    await page.getByLabel('From', { exact: true }).fill(api.range.to);
    await page.getByLabel('To', { exact: true }).fill(api.range.from);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'start date' })).toHaveText('The start date must not be after the end date.');
    await page.getByLabel('From', { exact: true }).fill(api.range.from);
    await page.getByLabel('To', { exact: true }).fill(api.range.to);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(new RegExp(`range=custom&from=${api.range.from}&to=${api.range.to}`));
    await expect(page.getByTestId('summary')).toContainText(`Messages${formatCount(api.totals.messages.current)}`);
  });

  test('an empty database shows the totals at zero and a friendly empty state, not empty charts', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 8, accessTokenTtl: 300 });
    await openSignedIn(page, system, 'bob', AppPath.Analytics);
    await expect(page.getByTestId('summary')).toContainText('Messages0');
    await expect(page.getByTestId('analytics-empty')).toContainText('No messages in this period.');
    await expect(page.locator('canvas')).toHaveCount(0);
  });

  test('alice (chat only) is sent to /forbidden, and never downloads the chart library', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 8, accessTokenTtl: 300 });
    const scriptsLoaded = recordScripts(page);
    await openSignedIn(page, system, 'alice', AppPath.Analytics);
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.Forbidden}?role=analytics`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.Chat}`);
    const scripts = await scriptsLoaded();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => script.includes(CHART_LIBRARY_MARK))).toEqual([]);
  });

  test('bob, opening analytics, does download the chart library (so the check above can fail)', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 8, accessTokenTtl: 300 });
    const scriptsLoaded = recordScripts(page);
    await openSignedIn(page, system, 'bob', AppPath.Analytics);
    await expect(page.getByTestId('summary')).toBeVisible();
    expect((await scriptsLoaded()).filter((script) => script.includes(CHART_LIBRARY_MARK))).toHaveLength(1);
  });
});
