/** Where the system under test runs: ports of their own, so a running `npm start` is left alone. */
export const APP_ORIGIN = 'http://localhost:4300';
export const IDP_ISSUER = 'http://localhost:4400';

/** The dev IdP's seeded users (password = user name). */
export const USERS = {
  alice: { name: 'Alice Martin', roles: ['chat'] },
  bob: { name: 'Bob Dupont', roles: ['chat', 'analytics'] },
  carol: { name: 'Carol Nguyen', roles: [] },
} as const;

export type UserName = keyof typeof USERS;
