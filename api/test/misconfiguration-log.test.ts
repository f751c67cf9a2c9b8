/**
 * When the app's settings and the IdP disagree, the server log says so at warn, naming the variable
 * that fixes it, once per interval (not once per request).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createMisconfigurationLog, MISCONFIGURATION_LOG_INTERVAL_MS } from '../src/auth/misconfiguration-log.ts';
import { InvalidTokenError } from '../src/auth/errors.ts';
import { loadConfig } from '../src/config.ts';
import { buildTestApp, temporaryDirectory } from './fixtures/app.ts';
import { createSigningKey, jwksOf, writeJwksFile, type SigningKey } from './fixtures/keys.ts';
import { signAccessToken, unsignedToken, type TokenOptions } from './fixtures/tokens.ts';

const ISSUER = 'http://localhost:4000';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly variable?: string;
}

describe('misconfiguration warnings', () => {
  let key: SigningKey;
  let jwksFile: string;
  let removeDir: () => Promise<void>;
  const apps: FastifyInstance[] = [];

  before(async () => {
    key = await createSigningKey('idp-key-1');
    const dir = await temporaryDirectory();
    removeDir = dir.remove;
    jwksFile = await writeJwksFile(dir.path, jwksOf(key));
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await removeDir();
  });

  /** An app with `env`, whose log lines land in the returned array. */
  async function appLogging(env: Record<string, string>): Promise<{ app: FastifyInstance; warnings: () => LogLine[]; lines: () => LogLine[] }> {
    const lines: LogLine[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    const app = await buildTestApp({ OIDC_ISSUER: ISSUER, OIDC_JWKS_FILE: jwksFile, ...env }, { logStream });
    apps.push(app);
    const startLines = lines.length;
    return { app, lines: () => lines.slice(startLines), warnings: () => lines.slice(startLines).filter((line) => line.level === 40) };
  }

  const call = async (app: FastifyInstance, options: Partial<TokenOptions>, url = '/api/me') =>
    app.inject({ url, headers: { authorization: `Bearer ${await signAccessToken(key, { issuer: ISSUER, ...options })}` } });

  it('warns once, naming OIDC_ROLES_CLAIM and the claims the token has, when no token carries roles there', async () => {
    const { app, warnings } = await appLogging({ OIDC_ROLES_CLAIM: 'realm_access.roles' });
    for (let i = 0; i < 5; i++) assert.equal((await call(app, { claims: { groups: ['APP-CHAT'] } })).statusCode, 200);
    const [warning, ...more] = warnings();
    assert.equal(more.length, 0);
    assert.equal(warning?.variable, 'OIDC_ROLES_CLAIM');
    assert.match(warning?.msg ?? '', /No roles claim at OIDC_ROLES_CLAIM=realm_access\.roles/);
    assert.match(warning?.msg ?? '', /The token's claims are: .*\bgroups\b/);
  });

  it('warns, naming OIDC_ROLE_MAP and the names found, when names are there but no role map and none is ours', async () => {
    const { app, warnings } = await appLogging({ OIDC_ROLES_CLAIM: 'groups' });
    await call(app, { claims: { groups: ['APP-TEAMSPACE-CHAT', 'Staff'] } });
    const [warning] = warnings();
    assert.equal(warning?.variable, 'OIDC_ROLE_MAP');
    assert.match(warning?.msg ?? '', /"APP-TEAMSPACE-CHAT", "Staff"/);
    assert.match(warning?.msg ?? '', /chat from "chat"/);
  });

  it('only notes (info, not warn) names that a configured role map maps to nothing: a user outside the groups is normal', async () => {
    const { app, warnings, lines } = await appLogging({ OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: 'chat:APP-TEAMSPACE-CHAT' });
    await call(app, { claims: { groups: ['app-teamspace-chat', 'Staff'] } });
    assert.deepEqual(warnings(), []);
    const note = lines().find((line) => line.variable === 'OIDC_ROLE_MAP');
    assert.equal(note?.level, 30);
    assert.match(note?.msg ?? '', /chat from "APP-TEAMSPACE-CHAT"/);
  });

  it('says nothing of a user whose roles list is empty (a user without roles is normal)', async () => {
    const { app, warnings } = await appLogging({});
    await call(app, { claims: { roles: [] } });
    assert.deepEqual(warnings(), []);
  });

  it('warns about an audience refusal with both values and OIDC_AUDIENCE, once for many requests', async () => {
    const { app, warnings } = await appLogging({});
    for (let i = 0; i < 3; i++) assert.equal((await call(app, { claims: { aud: 'api://teamspace' } })).statusCode, 401);
    const [warning, ...more] = warnings();
    assert.equal(more.length, 0);
    assert.equal(warning?.variable, 'OIDC_AUDIENCE');
    assert.match(warning?.msg ?? '', /the token's aud is "api:\/\/teamspace" but the API expects "http:\/\/localhost:4200\/api"/);
  });

  it('warns about a typ refusal naming OIDC_ACCESS_TOKEN_TYP and OIDC_PROVIDER', async () => {
    const { app, warnings } = await appLogging({});
    await call(app, { header: { typ: 'JWT' } });
    const [warning] = warnings();
    assert.equal(warning?.variable, 'OIDC_ACCESS_TOKEN_TYP');
    assert.match(warning?.msg ?? '', /typ header is "JWT".*OIDC_PROVIDER/);
  });

  it('warns about an issuer refusal with both values, a trailing slash shown', async () => {
    const { app, warnings } = await appLogging({});
    await call(app, { issuer: `${ISSUER}/` });
    const [warning] = warnings();
    assert.equal(warning?.variable, 'OIDC_ISSUER');
    assert.match(warning?.msg ?? '', /iss is "http:\/\/localhost:4000\/" but the API expects "http:\/\/localhost:4000"/);
  });

  it('warns about an access token taken for an ID token, naming the claim and OIDC_ID_TOKEN_CLAIMS', async () => {
    const { app, warnings } = await appLogging({});
    await call(app, { claims: { nonce: 'n' } });
    const [warning] = warnings();
    assert.equal(warning?.variable, 'OIDC_ID_TOKEN_CLAIMS');
    assert.match(warning?.msg ?? '', /carrying nonce/);
  });

  it('does not warn about what a client can forge: an unsigned token, or one signed by another key', async () => {
    const { app, warnings } = await appLogging({});
    const attacker = await createSigningKey('idp-key-1');
    await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${unsignedToken(ISSUER, key.kid)}` } });
    await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${await signAccessToken(attacker, { issuer: ISSUER, claims: { aud: 'x' } })}` } });
    assert.deepEqual(warnings(), []);
  });

  it('warns again once the interval has passed; distinct messages are each said', () => {
    let now = 0;
    const warned: string[] = [];
    const log = createMisconfigurationLog(loadConfig({}).oidc.roles, () => now);
    const sink = { warn: (_details: object, message: string) => warned.push(message), info: () => undefined };
    const refusal = (detail: string) => new InvalidTokenError('x', 'audience', { hint: { variable: 'OIDC_AUDIENCE', detail } });
    log.tokenRefused(sink, refusal('a'));
    log.tokenRefused(sink, refusal('a'));
    now = MISCONFIGURATION_LOG_INTERVAL_MS;
    log.tokenRefused(sink, refusal('a'));
    assert.equal(warned.length, 2);
    for (let i = 0; i < 1000; i++) log.tokenRefused(sink, refusal(`flood ${i}`));
    assert.equal(warned.length, 1002, 'distinct messages are each said');
  });
});
