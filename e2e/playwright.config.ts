import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ORIGIN, CHROMIUM, IDP_ISSUER } from './tests/system.ts';

/**
 * The end-to-end tests run the real system: the dev IdP and the API (serving the built SPA) as
 * child processes on their own ports, so they never collide with a running `npm start`, and a real
 * Chromium. Debian's Chromium is used: Playwright cannot download its own browser here.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-'));

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: APP_ORIGIN,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM.executablePath, args: [...CHROMIUM.args] },
  },
  webServer: [
    {
      name: 'idp',
      command: 'node ../idp/src/main.ts',
      url: `${IDP_ISSUER}/.well-known/openid-configuration`,
      env: { IDP_ISSUER, APP_ORIGIN, IDP_ACCESS_TOKEN_TTL: '60' },
      reuseExistingServer: false,
      stdout: 'pipe',
      timeout: 30_000,
    },
    {
      name: 'app',
      command: 'node ../api/src/server.ts',
      url: `${APP_ORIGIN}/api/health`,
      env: {
        PORT: new URL(APP_ORIGIN).port,
        APP_ORIGIN,
        OIDC_ISSUER: IDP_ISSUER,
        DATABASE_URL: `file:${join(dataDir, 'app.db')}`,
        LOG_LEVEL: 'warn',
      },
      reuseExistingServer: false,
      stdout: 'pipe',
      timeout: 30_000,
    },
  ],
});
