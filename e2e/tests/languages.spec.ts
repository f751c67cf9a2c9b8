/**
 * The app in both its languages, in a real browser: the browser's language chooses (the locale
 * Playwright gives Chromium sets navigator.languages and Accept-Language), the dev IdP follows
 * through ui_locales, and the switch in the header is remembered across a reload. Each page is
 * checked in English and in French: its heading and one message; a French page must also hold no
 * English a person would read, and every test fails on a message `$localize` found no translation
 * for (see fixtures.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { AppPath, type AnalyticsSummary } from '@app/contracts';
import type { Page } from '@playwright/test';
import { dpopHeaders } from './dpop.ts';
import { captureAccessToken, expect, test, type Origins } from './fixtures.ts';
import type { OwnSystem } from './own-system.ts';
import { BROWSER_LOCALE, englishWordsOn, expectFrench, WORDS, type Language } from './page-words.ts';
import { APP_ORIGIN, environmentWith, IDP_ISSUER, USERS, type UserName } from './system.ts';

const SHARED: Origins = { appOrigin: APP_ORIGIN, idpIssuer: IDP_ISSUER };
const TIME_ZONE = 'Europe/Paris';

/** On the dev IdP's form, in `language`: signs in as `user`. */
async function submitLogin(page: Page, language: Language, user: UserName, { idpIssuer }: Origins = SHARED): Promise<void> {
  const words = WORDS[language];
  await expect(page).toHaveURL(new RegExp(`^${idpIssuer}/`));
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  if (language === 'fr') await expectFrench(page);
  else expect(await englishWordsOn(page)).not.toEqual([]);
  await page.getByLabel(words.idpUserName).fill(user);
  await page.getByLabel(words.idpPassword).fill(user);
  await page.getByRole('button', { name: words.idpSignIn }).click();
  await expect(page.getByTestId('user-name')).toHaveText(USERS[user].name);
}

/** Parses a downloaded CSV (byte order mark, quoted text, CRLF after every record). */
function parseCsv(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').slice(0, -2).split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((match) => match[1]?.replaceAll('""', '"') ?? match[2] ?? ''));
}

for (const language of ['en', 'fr'] as const) {
  const words = WORDS[language];
  const inLanguage = async (page: Page) => {
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    if (language === 'fr') await expectFrench(page);
    // The same page in English does hold the words the French check looks for: that check can fail.
    else expect(await englishWordsOn(page)).not.toEqual([]);
  };

  test.describe(`in ${language === 'en' ? 'English' : 'French'}`, () => {
    test.use({ locale: BROWSER_LOCALE[language], timezoneId: TIME_ZONE, viewport: { width: 1100, height: 900 } });

    test('sign-in: the welcome page, the IdP’s form and the chat page', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1, name: words.welcome })).toBeVisible();
      await inLanguage(page);
      await page.getByRole('link', { name: words.signInLink }).click();
      await submitLogin(page, language, 'alice');
      await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Chat}`);
      await expect(page.getByRole('heading', { level: 1, name: words.chatHeading })).toBeVisible();
      await expect(page.getByTestId('rooms-empty')).toHaveText(words.roomsEmpty);
      await expect(page).toHaveTitle(words.chatTitle);
      await inLanguage(page);
      // About this session, with the DPoP row and the administrator's copy warning for bound tokens.
      await page.getByTestId('user-name').click();
      await expect(page.getByTestId('token-binding')).toHaveText(words.boundToBrowser);
      await inLanguage(page);
    });

    test('chat: a new room, a message, the day it was written', async ({ page, ownSystems }) => {
      const system = await ownSystems.start({ slot: 9, accessTokenTtl: 300 });
      await page.goto(`${system.appOrigin}${AppPath.Chat}`);
      await submitLogin(page, language, 'alice', system);
      await page.getByLabel(words.newRoomName, { exact: true }).fill('cafe');
      await page.getByLabel(words.newRoomTopic).fill('Pause café');
      await page.getByRole('button', { name: words.createRoom }).click();
      await expect(page.getByTestId('room-empty')).toContainText(words.roomEmpty('cafe'));
      await inLanguage(page);
      const composer = page.getByRole('textbox', { name: words.composer('cafe') });
      await expect(composer).toHaveAttribute('placeholder', words.composer('cafe'));
      await composer.fill('Bonjour à tous');
      await composer.press('Enter');
      const list = page.getByTestId('message-list');
      await expect(list.getByTestId('message-body')).toHaveText(['Bonjour à tous']);
      await expect(list.getByRole('heading', { name: words.today })).toBeVisible();
      await inLanguage(page);
    });

    test('analytics: the figures, a chart’s description and a CSV, with the language’s numbers', async ({ page, request, ownSystems }) => {
      test.setTimeout(90_000);
      const system: OwnSystem = await ownSystems.start({ slot: 9, accessTokenTtl: 300 });
      execFileSync(process.execPath, ['../scripts/seed.ts', '--messages', '3000', '--days', '30'], {
        cwd: `${import.meta.dirname}/..`,
        env: environmentWith({ DATABASE_URL: `file:${system.databasePath}` }),
        stdio: 'pipe',
      });
      // The first answer may be the IdP's use_dpop_nonce: the token is in the one that carries it.
      const token = captureAccessToken(page, system.idpIssuer);
      await page.goto(`${system.appOrigin}${AppPath.Analytics}`);
      await submitLogin(page, language, 'bob', system);
      await expect(page.getByRole('heading', { level: 1, name: words.analyticsHeading })).toBeVisible();
      await expect(page).toHaveTitle(words.analyticsTitle);
      const summaryUrl = `${system.appOrigin}/api/analytics/summary?period=30d&tz=${encodeURIComponent(TIME_ZONE)}`;
      // The token is bound to the page's key (DPoP): the request goes with a proof the page signs.
      const summary = await request.get(summaryUrl, { headers: await dpopHeaders(page, 'GET', summaryUrl, await token) });
      const api = (await summary.json()) as AnalyticsSummary;
      // 2,345 in English, 2 345 (a narrow no-break space) in French.
      const count = new Intl.NumberFormat(BROWSER_LOCALE[language]).format(api.totals.messages.current);
      await expect(page.getByTestId('summary')).toContainText(`${words.totalMessages}${count}`);
      await expect(page.getByTestId('range-text')).toContainText(words.timeZoneLine);
      await expect(page.getByRole('img', { name: words.messagesChart })).toBeVisible();
      await inLanguage(page);

      const perDay = page.waitForEvent('download');
      await page.getByRole('button', { name: words.downloadPerDay }).click();
      expect(parseCsv(await readFile(await (await perDay).path(), 'utf8'))[0]).toEqual(words.csvPerDayHeader);
      const hours = page.waitForEvent('download');
      await page.getByRole('button', { name: words.downloadHours }).click();
      const hourRows = parseCsv(await readFile(await (await hours).path(), 'utf8'));
      expect(hourRows.slice(0, 2)).toEqual([words.csvHoursHeader, [words.monday, '0', expect.any(String)]]);
    });

    test('forbidden: carol, without a role, is told whom to ask', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('link', { name: words.signInLink }).click();
      await submitLogin(page, language, 'carol');
      await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Forbidden}`);
      await expect(page.getByRole('heading', { level: 1, name: words.forbiddenHeading })).toBeVisible();
      await expect(page.getByText(words.whomToAsk)).toBeVisible();
      await inLanguage(page);
    });

    test('a sign-in error: cancelled at the IdP, with the way to try again', async ({ page }) => {
      await page.goto(AppPath.Chat);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.getByRole('button', { name: words.idpCancel }).click();
      await expect(page.getByRole('heading', { level: 1, name: words.cancelledHeading })).toBeVisible();
      await expect(page.getByText(words.errorCode)).toBeVisible();
      await expect(page.getByRole('link', { name: words.tryAgain })).toBeVisible();
      await inLanguage(page);
    });
  });
}

test.describe('the language switch', () => {
  test.use({ locale: BROWSER_LOCALE.en });

  test('is remembered across reloads, and the IdP follows it though the browser asks for English', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const switcher = page.getByRole('group', { name: 'Language' });
    await expect(switcher.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await switcher.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1, name: WORDS.fr.welcome })).toBeVisible();
    await expectFrench(page);
    expect(await page.evaluate(() => localStorage.getItem('teamspace.language'))).toBe('fr');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: WORDS.fr.welcome })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'Français' })).toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('link', { name: WORDS.fr.signInLink }).click();
    await submitLogin(page, 'fr', 'alice');
    await expect(page.getByRole('heading', { level: 1, name: WORDS.fr.chatHeading })).toBeVisible();

    await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: WORDS.en.chatHeading })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: WORDS.en.signOut }).click();
    await expect(page.getByRole('heading', { level: 1, name: WORDS.en.welcome })).toBeVisible();
  });
});
