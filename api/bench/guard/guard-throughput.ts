/**
 * P1 of `npm run bench`: requests per second through the token guard, beside baselines run in the
 * same minutes on the same machine (only the ratios compare across runs):
 *
 * - our `GET /api/health` (no token): the ceiling of our own request path;
 * - our `GET /api/me` with the same ES256 token on every request (a signed-in tab);
 * - our `GET /api/me` with a fresh token on every request, ES256 and RS256, beside Express 5 with
 *   `express-oauth2-jwt-bearer`, and beside bare Fastify + jose (`jwtVerify` with our options);
 * - bare `crypto.verify` on one core: the signature check alone, the physical limit;
 * - that check and `node:http` answering alone (a server checking nothing), their costs added: the
 *   most any Node server verifying a fresh token on every request could answer on that core.
 *
 * Every server is a process of its own, pinned to core 0 with `taskset` when the machine has two
 * cores or more, and the load (autocannon, 50 connections) runs here, pinned to core 1 by
 * `run.ts`. Rate limits are lifted so that only the token check is measured; our API runs with
 * `NODE_ENV=production` and logs at `info` to stdout, as in production (here discarded). "Fresh"
 * tokens are 12,000 distinct tokens in turn, each case going through them on its own: a token
 * comes back to our API only after 12,000 of its own requests, more than the verified-token cache
 * holds (the oldest leaves first), so each is verified from scratch. (One pass shared by every
 * case let the other servers' requests move it on: our API then found up to 29 % of a round's
 * tokens in its cache, whenever no RS256 round had emptied it in between.) Every case runs once
 * per round, in the order of the table, seven rounds of two seconds; a ratio is the median of the
 * rounds' own ratios (`pairedRatioRow`), so that the machine's changing speed weighs on both sides
 * of it. Prints its rows for `run.ts` (see `bench-table.ts`). Options: `--quick`.
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
  const nodeHttp = await startPinnedServer('node:http alone', ['node-http-server.ts'], env);
  servers.push(nodeHttp);

  process.stdout.write(`signing ${FRESH_TOKENS} ES256 and ${FRESH_TOKENS} RS256 tokens… `);
  const signed: Record<Alg, readonly string[]> = { ES256: idp.signTokens('ES256', FRESH_TOKENS), RS256: idp.signTokens('RS256', FRESH_TOKENS) };
  const same = `Bearer ${idp.signTokens('ES256', 1)[0] ?? ''}`;
  console.log('done');
  /** A case sending fresh `alg` tokens to `server`, in a pass through them of its own. */
  const fresh = (server: PinnedServer, alg: Alg): (() => Promise<number>) => {
    const next = inTurn(signed[alg]);
    return () => load(`${server.url}/api/me`, next);
  };

  const cases = {
    health: () => load(`${ours.url}/api/health`, undefined),
    sameToken: () => load(`${ours.url}/api/me`, same),
    oursES256: fresh(ours, 'ES256'),
    expressES256: fresh(express, 'ES256'),
    bareES256: fresh(bare, 'ES256'),
    oursRS256: fresh(ours, 'RS256'),
    expressRS256: fresh(express, 'RS256'),
    bareRS256: fresh(bare, 'RS256'),
    nodeHttp: fresh(nodeHttp, 'ES256'),
  };
  // Warm every server (JIT, the JWKS fetched) before anything counts.
  for (const run of Object.values(cases)) await run();
  const rates = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as number[]])) as Record<keyof typeof cases, number[]>;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases) as [keyof typeof cases, () => Promise<number>][]) {
      rates[name].push(await run());
      process.stdout.write(`round ${round}/${ROUNDS} ${name}: ${rates[name].at(-1)?.toFixed(0)} req/s\n`);
    }
  }
  const verifyRates = JSON.parse(await runPinned(['crypto-verify-rate.ts', String(values.quick ? 1 : 3)])) as Record<Alg, number>;

  const unit = 'req/s';
  const http = median(rates.nodeHttp);
  emitRow(pairedRatioRow('P1', '/api/me, the same ES256 token', rates.sameToken, unit, 'our /api/health', rates.health, '≥ 0.9×', 0.9));
  for (const alg of ['ES256', 'RS256'] as const) {
    const ours = rates[`ours${alg}`];
    const goals = alg === 'ES256';
    emitRow(pairedRatioRow('P1', `/api/me, fresh ${alg} tokens`, ours, unit, 'Express 5 + express-oauth2-jwt-bearer', rates[`express${alg}`], goals ? '≥ 2.5×' : '', goals ? 2.5 : undefined));
    emitRow(pairedRatioRow('P1', `/api/me, fresh ${alg} tokens`, ours, unit, 'Fastify 5 + jose alone', rates[`bare${alg}`], goals ? '≥ 1×' : '', goals ? 1 : undefined));
    // The signature alone, measured once after the rounds: the limit, not a paired baseline.
    emitRow(ratioRow('P1', `/api/me, fresh ${alg} tokens`, median(ours), unit, `crypto.verify ${alg}, one core (the limit)`, verifyRates[alg], '', undefined));
    // A request's time on the core is at least HTTP's and the signature's, one after the other.
    const most = 1 / (1 / http + 1 / verifyRates[alg]);
    emitRow(ratioRow('P1', `/api/me, fresh ${alg} tokens`, median(ours), unit, `node:http answering alone (${Math.round(http).toLocaleString('en')}/s), then crypto.verify ${alg}: the most one core does`, most, '', undefined));
  }
} finally {
  for (const server of servers) await server.stop();
  idp.close();
  await once(idp.server, 'close');
}
