/**
 * The end-to-end tests' settings, from the environment as `@app/testing` reads it.
 *
 * Where the system under test runs: ports of their own, so a running `npm start` is left alone.
 * `E2E_PORT_BASE` moves both, for two runs side by side.
 */
import { chromiumPath, e2ePortBase } from '@app/testing';

export { environmentWith } from '@app/testing';

export const PORT_BASE = e2ePortBase();
export const APP_ORIGIN = `http://localhost:${PORT_BASE}`;
export const IDP_ISSUER = `http://localhost:${PORT_BASE + 100}`;

/** The browser the tests and the sign-in benchmark drive: Debian's Chromium unless `CHROMIUM_PATH` says otherwise, headless-friendly flags. */
export const CHROMIUM = {
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
} as const;

/** The dev IdP's seeded users (password = user name). */
export const USERS = {
  alice: { name: 'Alice Martin', roles: ['chat'] },
  bob: { name: 'Bob Dupont', roles: ['chat', 'analytics'] },
  carol: { name: 'Carol Nguyen', roles: [] },
} as const;

export type UserName = keyof typeof USERS;
