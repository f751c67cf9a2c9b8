/**
 * P1 of `npm run bench`: requests per second through the token guard, beside baselines run in the
 * same minutes on the same machine (only the ratios compare across runs):
 *
 * - our `GET /api/health` (no token): the ceiling of our own request path;
 * - our `GET /api/me` with the same ES256 token on every request (a signed-in tab);
 * - our `GET /api/me` with a fresh token on every request, ES256 and RS256, beside Express 5 with
 *   `express-oauth2-jwt-bearer`, and beside bare Fastify + jose (`jwtVerify` with our options);
 * - bare `crypto.verify` on one core: the signature check alone, the physical limit.
 *
 * Every server is a process of its own, pinned to core 0 with `taskset` when the machine has two
 * cores or more, and the load (autocannon, 50 connections) runs here, pinned to core 1 by
 * `run.ts`. Rate limits are lifted so that only the token check is measured; our API runs with
 * `NODE_ENV=production` and logs at `info` to stdout, as in production (here discarded). "Fresh"
 * tokens are 12,000 distinct tokens in turn, more than the verified-token cache holds, so each is
 * verified from scratch. Every case runs once per round, in the order of the table, seven rounds
 * of two seconds; a ratio is the median of the rounds' own ratios (`pairedRatioRow`), so that the
 * machine's changing speed weighs on both sides of it. Prints its rows for `run.ts` (see
 * `bench-table.ts`). Options: `--quick`.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { VERIFIED_TOKEN_CACHE_LIMITS } from '../../src/auth/verified-token-cache.ts';
import { emitRow, median, pairedRatioRow, ratioRow } from '../bench-table.ts';
import { startBenchIdp, type BenchIdp } from './bench-idp.ts';
import { startPinnedServer, runPinned, type PinnedServer } from './pinned-process.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
// Short rounds, many of them: each ratio is the median of its rounds' own ratios (bench-table.ts).
const SECONDS = values.quick ? 1 : 2;
const ROUNDS = values.quick ? 1 : 7;
const CONNECTIONS = 50;
const FRESH_TOKENS = VERIFIED_TOKEN_CACHE_LIMITS.maxEntries + 2_000;

type Alg = 'ES256' | 'RS256';

/** Requests per second for `seconds`, with `authorization` as given (a function: another token each request). */
async function load(url: string, authorization: string | (() => string) | undefined, seconds = SECONDS): Promise<number> {
  const fixed = typeof authorization === 'string' ? { authorization } : {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: fixed,
    ...(typeof authorization === 'function'
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, authorization: authorization() } }) }] }
      : {}),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > result.requests.total / 100) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed`);
  return result.requests.average;
}

function inTurn(tokens: readonly string[]): () => string {
  let next = 0;
  return () => `Bearer ${tokens[next++ % tokens.length] ?? ''}`;
}

const idp: BenchIdp = await startBenchIdp();
const servers: PinnedServer[] = [];
try {
  const env = { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: idp.audience, OIDC_JWKS_URI: idp.jwksUri };
  // As production runs it (the Dockerfile's NODE_ENV, the default LOG_LEVEL), whatever this shell has.
  const ours = await startPinnedServer('our API', ['../../src/server.ts'], {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    APP_ORIGIN: 'http://localhost:4200',
    DATABASE_URL: 'file::memory:',
    WEB_DIST: '/nonexistent',
    RATE_LIMIT_PER_IP: '1000000000',
    RATE_LIMIT_PER_USER: '1000000000',
  });
  servers.push(ours);
  const express = await startPinnedServer('Express + express-oauth2-jwt-bearer', ['express-jwt-bearer-server.ts'], env);
  servers.push(express);
  const bare = await startPinnedServer('Fastify + jose', ['fastify-jose-server.ts'], env);
  servers.push(bare);

  process.stdout.write(`signing ${FRESH_TOKENS} ES256 and ${FRESH_TOKENS} RS256 tokens… `);
  const fresh: Record<Alg, () => string> = { ES256: inTurn(idp.signTokens('ES256', FRESH_TOKENS)), RS256: inTurn(idp.signTokens('RS256', FRESH_TOKENS)) };
  const same = `Bearer ${idp.signTokens('ES256', 1)[0] ?? ''}`;
  console.log('done');

  const cases = {
    health: () => load(`${ours.url}/api/health`, undefined),
    sameToken: () => load(`${ours.url}/api/me`, same),
    oursES256: () => load(`${ours.url}/api/me`, fresh.ES256),
    expressES256: () => load(`${express.url}/api/me`, fresh.ES256),
    bareES256: () => load(`${bare.url}/api/me`, fresh.ES256),
    oursRS256: () => load(`${ours.url}/api/me`, fresh.RS256),
    expressRS256: () => load(`${express.url}/api/me`, fresh.RS256),
    bareRS256: () => load(`${bare.url}/api/me`, fresh.RS256),
  };
  // Warm every server (JIT, the JWKS fetched) before anything counts.
  for (const run of Object.values(cases)) await run();
  const rates: Record<keyof typeof cases, number[]> = { health: [], sameToken: [], oursES256: [], expressES256: [], bareES256: [], oursRS256: [], expressRS256: [], bareRS256: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases) as [keyof typeof cases, () => Promise<number>][]) {
      rates[name].push(await run());
      process.stdout.write(`round ${round}/${ROUNDS} ${name}: ${rates[name].at(-1)?.toFixed(0)} req/s\n`);
    }
  }
  const verifyRates = JSON.parse(await runPinned(['crypto-verify-rate.ts', String(values.quick ? 1 : 3)])) as Record<Alg, number>;

  const unit = 'req/s';
  emitRow(pairedRatioRow('P1', '/api/me, the same ES256 token', rates.sameToken, unit, 'our /api/health', rates.health, '≥ 0.9×', 0.9));
  for (const alg of ['ES256', 'RS256'] as const) {
    const ours = rates[`ours${alg}`];
    const goals = alg === 'ES256';
    emitRow(pairedRatioRow('P1', `/api/me, fresh ${alg} tokens`, ours, unit, 'Express 5 + express-oauth2-jwt-bearer', rates[`express${alg}`], goals ? '≥ 2.5×' : '', goals ? 2.5 : undefined));
    emitRow(pairedRatioRow('P1', `/api/me, fresh ${alg} tokens`, ours, unit, 'Fastify 5 + jose alone', rates[`bare${alg}`], goals ? '≥ 1×' : '', goals ? 1 : undefined));
    // The signature alone, measured once after the rounds: the limit, not a paired baseline.
    emitRow(ratioRow('P1', `/api/me, fresh ${alg} tokens`, median(ours), unit, `crypto.verify ${alg}, one core (the limit)`, verifyRates[alg], '', undefined));
  }
} finally {
  for (const server of servers) await server.stop();
  idp.close();
  await once(idp.server, 'close');
}
