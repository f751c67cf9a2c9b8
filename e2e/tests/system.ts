/**
 * The end-to-end tests' settings: the one module of the e2e package that reads the environment.
 *
 * Where the system under test runs: ports of their own, so a running `npm start` is left alone.
 * `E2E_PORT_BASE` moves both, for two runs side by side.
 */
export const PORT_BASE = portBase(process.env['E2E_PORT_BASE']);
export const APP_ORIGIN = `http://localhost:${PORT_BASE}`;
export const IDP_ISSUER = `http://localhost:${PORT_BASE + 100}`;

/** The browser the tests and the sign-in benchmark drive: Debian's Chromium unless `CHROMIUM_PATH` says otherwise, headless-friendly flags. */
export const CHROMIUM = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
} as const;

/** The dev IdP's seeded users (password = user name). */
export const USERS = {
  alice: { name: 'Alice Martin', roles: ['chat'] },
  bob: { name: 'Bob Dupont', roles: ['chat', 'analytics'] },
  carol: { name: 'Carol Nguyen', roles: [] },
} as const;

export type UserName = keyof typeof USERS;

/** This process's environment with `overrides`: what a server or command the tests start is given. */
export function environmentWith(overrides: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}

/** `E2E_PORT_BASE`: the shared app's port; its IdP and the tests' own systems take ports above it. */
function portBase(value: string | undefined): number {
  if (value === undefined || value === '') return 4300;
  const base = Number(value);
  if (!Number.isInteger(base) || base < 1024 || base > 64_000) throw new Error(`E2E_PORT_BASE must be an integer from 1024 to 64000, not "${value}"`);
  return base;
}
