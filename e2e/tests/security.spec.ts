import { AppPath } from '@app/contracts';
import { APP_ORIGIN, IDP_ISSUER } from './system.ts';
import { expect, recordRequests, signIn, test } from './fixtures.ts';

test.describe('browser-side security', () => {
  test('a forged callback shows an error and makes no token request (CSRF, RFC 9700 §4.7)', async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto(`${AppPath.AuthCallback}?code=x&state=y`);
    await expect(page.getByRole('heading', { name: 'This sign-in link is not valid here' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Try again' })).toBeVisible();
    expect(requests.filter((r) => r.url.origin === IDP_ISSUER)).toEqual([]);
    expect(page.url()).not.toContain('code=');
  });

  test('the callback removes code and state from the address bar before redeeming the code (code leakage, RFC 9700 §4.2.4)', async ({ page }) => {
    let callbackSeen = false;
    const urlsAtTokenRequest: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().includes('code=')) callbackSeen = true;
    });
    page.on('request', (request) => {
      if (request.url() === `${IDP_ISSUER}/token`) urlsAtTokenRequest.push(page.url());
    });
    await signIn(page, 'alice');
    expect(callbackSeen).toBe(true);
    // Every try of the code exchange (the IdP may first ask for its DPoP nonce) left the address bar clean.
    expect(urlsAtTokenRequest.length).toBeGreaterThan(0);
    expect(new Set(urlsAtTokenRequest)).toEqual(new Set([`${APP_ORIGIN}${AppPath.AuthCallback}`]));
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Chat}`);
  });

  test('no token is kept in localStorage, sessionStorage or cookies (token theft by injected script, RFC 10017)', async ({ page }) => {
    const tokens: string[] = [];
    page.on('response', async (response) => {
      if (response.url() !== `${IDP_ISSUER}/token` || response.request().method() !== 'POST') return;
      const body = (await response.json()) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token', 'id_token']) {
        if (typeof body[key] === 'string') tokens.push(body[key]);
      }
    });
    await signIn(page, 'alice');
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookies: document.cookie,
    }));
    expect(stored.local).toBe('{}');
    for (const token of tokens) {
      expect(stored.session).not.toContain(token);
      expect(stored.cookies).not.toContain(token);
    }
  });

  test('the access token goes only to the app’s own /api/ (token leak to third parties)', async ({ page }) => {
    const requests = recordRequests(page);
    await signIn(page, 'bob');
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    const withToken = requests.filter((r) => r.authorization?.startsWith('DPoP ') || r.authorization?.startsWith('Bearer '));
    expect(withToken.length).toBeGreaterThan(0);
    for (const request of withToken) {
      expect(request.url.origin).toBe(APP_ORIGIN);
      expect(request.url.pathname.startsWith('/api/')).toBe(true);
    }
    const toIdp = requests.filter((r) => r.url.origin === IDP_ISSUER);
    expect(toIdp.length).toBeGreaterThan(0);
    expect(toIdp.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  test('the app page is served with a strict CSP and no CORS (XSS, clickjacking)', async ({ page }) => {
    const response = await page.goto(AppPath.Chat);
    const headers = response!.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });
});
