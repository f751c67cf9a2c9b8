/**
 * The deployment files (`Dockerfile`, `deploy/compose.yaml`, `deploy/nginx/`) agree with what is
 * tested. Docker cannot run on the machines this is built on, so what can be checked without it is:
 * the compose file parses and follows the tested layout (PostgreSQL, two API instances, nginx with
 * the site template the end-to-end test runs), its API settings pass the app's own config
 * validation, nginx gets every value its template needs, and the Dockerfile is multi-stage, runs
 * as a non-root user and copies files that exist.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderTemplate } from '@app/testing';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.ts';

const REPO = join(import.meta.dirname, '../..');
const DEPLOY = join(REPO, 'deploy');

/** What an operator exports before `docker compose up` (see the compose file's header). */
const OPERATOR_ENV: Readonly<Record<string, string>> = {
  APP_ORIGIN: 'https://teamspace.example.com',
  SERVER_NAME: 'teamspace.example.com',
  OIDC_ISSUER: 'https://login.example.com/realms/corp',
  POSTGRES_PASSWORD: 'example-password',
};

/** Compose's interpolation: `${NAME}`, `${NAME:-default}`, `${NAME:?error}` (an unset required one fails). */
function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (kind === '?') throw new Error(`compose needs ${name}: ${rest ?? ''}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}

function readCompose(env: Readonly<Record<string, string>> = OPERATOR_ENV): { services: Record<string, ComposeService> } {
  return parse(interpolate(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), env), { merge: true }) as { services: Record<string, ComposeService> };
}

describe('deployment files', () => {
  it('compose: PostgreSQL, two API instances of the Dockerfile, and nginx, as tested', () => {
    const { services } = readCompose();
    assert.deepEqual(Object.keys(services).sort(), ['api-1', 'api-2', 'nginx', 'postgres']);
    for (const name of ['api-1', 'api-2']) {
      const api = services[name]!;
      assert.deepEqual(api.build, { context: '..', dockerfile: 'Dockerfile' });
      assert.ok(existsSync(join(DEPLOY, api.build!.context, api.build!.dockerfile)));
      assert.equal(api.depends_on?.['postgres']?.condition, 'service_healthy');
    }
    assert.equal(services['nginx']?.depends_on?.['api-1']?.condition, 'service_healthy');
    assert.equal(services['nginx']?.depends_on?.['api-2']?.condition, 'service_healthy');
  });

  it('compose: the API settings pass the app\'s own validation, for production on PostgreSQL behind nginx', () => {
    const { services } = readCompose();
    const env = services['api-1']!.environment!;
    const config = loadConfig(env);
    assert.equal(config.nodeEnv, 'production');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.database.kind, 'postgres');
    assert.equal(new URL(config.appOrigin).protocol, 'https:');
    const nginxAddress = (services['nginx']!.networks as Record<string, { ipv4_address?: string }>)['backend']?.ipv4_address;
    assert.deepEqual(config.http.trustProxy, [nginxAddress], 'TRUST_PROXY is nginx, and only nginx');
    assert.deepEqual(services['api-2']!.environment, env, 'both instances are configured alike');
  });

  it('compose: stops at once when a required setting is missing', () => {
    assert.throws(() => readCompose({ ...OPERATOR_ENV, POSTGRES_PASSWORD: '' }), /POSTGRES_PASSWORD/);
    assert.throws(() => readCompose({ ...OPERATOR_ENV, APP_ORIGIN: '' }), /APP_ORIGIN/);
  });

  it('compose: nginx runs the tested site template, and gets every value it needs, pointing at both instances', () => {
    const { services } = readCompose();
    const nginx = services['nginx']!;
    const mount = nginx.volumes?.find((volume) => volume.includes('/etc/nginx/templates/'));
    assert.ok(mount, 'the template is mounted where the nginx image renders templates');
    const [source, target] = mount.split(':');
    assert.equal(source, './nginx/teamspace.conf.template');
    assert.match(target ?? '', /\.template$/);
    const template = readFileSync(join(DEPLOY, source!), 'utf8');
    const site = renderTemplate(template, nginx.environment!);
    const apiPort = services['api-1']!.environment!['PORT'];
    assert.match(site, new RegExp(`server api-1:${apiPort} `));
    assert.match(site, new RegExp(`server api-2:${apiPort} `));
    assert.match(site, /listen 443 ssl http2;/);
    assert.match(site, /return 301 https:\/\/teamspace\.example\.com\$request_uri;/);
  });

  it('nginx: its own page when no instance answers allows its inline style by that style\'s hash, and nothing else (no script can run on it)', () => {
    const template = readFileSync(join(DEPLOY, 'nginx/teamspace.conf.template'), 'utf8');
    const page = /location @page_unavailable \{([\s\S]*?)\n {4}\}/.exec(template)?.[1] ?? '';
    const policy = /add_header Content-Security-Policy "([^"]+)" always;/.exec(page)?.[1];
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1];
    assert.ok(policy !== undefined && style !== undefined, 'the page has a policy and a style');
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    assert.equal(policy, `default-src 'none'; style-src 'sha256-${hash}'; frame-ancestors 'none'`);
    assert.doesNotMatch(page, /<script|\son\w+=/i);
  });

  it('Dockerfile: multi-stage, the built SPA inside, run as a non-root user, copying only files that exist', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]);
    assert.ok(stages.length >= 2, `stages: ${stages.join(', ')}`);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    assert.match(runtime, /^USER (?!root\b|0\b)\S+$/m, 'the final stage runs as a user that is not root');
    assert.match(runtime, /^COPY --from=build \/src\/web\/dist\/browser web\/dist\/browser\/$/m);
    assert.match(runtime, /^CMD \["node", "api\/src\/server\.ts"\]$/m);
    const { services } = readCompose();
    assert.match(runtime, new RegExp(`^EXPOSE ${services['api-1']!.environment!['PORT']}$`, 'm'));
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources!.split(' ')) assert.ok(existsSync(join(REPO, source)), `COPY ${source}: no such file`);
    }
  });
});
