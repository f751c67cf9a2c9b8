/**
 * P3 of `npm run bench`: sign-in as a person sees it, in headless Chromium, against a dev IdP and
 * an API of the benchmark's own (`tests/own-system.ts`, serving the production build): from the
 * navigation to `/auth/callback` (its fetch, after the IdP's redirects) to the first protected page
 * on screen (alice's chat, her name in the header), beside the cold load of the signed-out welcome
 * page (a new browser context, nothing cached) to its heading on screen. Both are read from the
 * page's own clock (Navigation Timing's `fetchStart` to the animation frame that shows it).
 * Each round uses a new context, so a new IdP session, and measures both; the ratio is the median
 * of the rounds' own ratios (`pairedRatioRow`). Prints its rows for `api/bench/run.ts`.
 * Options: `--quick`. Run from the e2e folder (the system's scripts are found from there).
 */
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { emitRow, pairedRatioRow } from '../../api/bench/bench-table.ts';
import { startOwnSystem } from '../tests/own-system.ts';
import { CHROMIUM } from '../tests/system.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const ROUNDS = values.quick ? 1 : 11;

/**
 * Milliseconds from the document's fetch to the first frame showing `view`: the welcome page's
 * heading, or the chat with the user's name in the header (no string is evaluated in the page: its
 * CSP allows no eval).
 */
async function msUntilShown(page: Page, view: 'welcome' | 'chat'): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const shown = wanted === 'welcome'
        ? document.querySelector('h1') !== null
        : location.pathname === '/chat' && document.querySelector('[data-testid="user-name"]') !== null && document.querySelector('h1, h2') !== null;
      if (!shown) return false;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return performance.now() - (navigation?.fetchStart ?? 0);
    },
    view,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

const system = await startOwnSystem({ slot: 9, accessTokenTtl: 300 });
const browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: [...CHROMIUM.args] });
try {
  const welcome: number[] = [];
  const callback: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${system.appOrigin}/`, { waitUntil: 'commit' });
    const cold = await msUntilShown(page, 'welcome');

    await page.goto(`${system.appOrigin}/chat`);
    await page.waitForURL(new RegExp(`^${system.idpIssuer}/`));
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/auth\/callback/, { waitUntil: 'commit' });
    const signedIn = await msUntilShown(page, 'chat');
    await context.close();
    if (round < 0) continue; // the first round warms the servers
    welcome.push(cold);
    callback.push(signedIn);
    console.log(`round ${round + 1}/${ROUNDS}: welcome cold load ${cold.toFixed(0)} ms, callback to chat ${signedIn.toFixed(0)} ms`);
  }
  emitRow(pairedRatioRow('P3', '/auth/callback to the first protected view (chat) on screen, median', callback, 'ms', 'welcome page, cold load', welcome, '≤ 1.2×', undefined, 1.2));
} finally {
  await browser.close();
  await system.stop();
}
