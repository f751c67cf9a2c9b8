/**
 * Where the system under test runs: ports of their own, so a running `npm start` is left alone.
 * `E2E_PORT_BASE` moves both, for two runs side by side.
 */
export const PORT_BASE = Number(process.env['E2E_PORT_BASE'] ?? '4300');
export const APP_ORIGIN = `http://localhost:${PORT_BASE}`;
export const IDP_ISSUER = `http://localhost:${PORT_BASE + 100}`;

/** The dev IdP's seeded users (password = user name). */
export const USERS = {
  alice: { name: 'Alice Martin', roles: ['chat'] },
  bob: { name: 'Bob Dupont', roles: ['chat', 'analytics'] },
  carol: { name: 'Carol Nguyen', roles: [] },
} as const;

export type UserName = keyof typeof USERS;
