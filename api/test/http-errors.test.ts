/** The one error handler: clear 4xx bodies, and 5xx bodies that say nothing about internals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '@app/contracts';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { authPlugin } from '../src/auth/auth-plugin.ts';
import { createMisconfigurationLog } from '../src/auth/misconfiguration-log.ts';
import type { Principal } from '../src/auth/verify-access-token.ts';
import { loadConfig } from '../src/config.ts';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { handleError } from '../src/http/error-handler.ts';
import { ProblemError, refusal, type Problem } from '../src/problem.ts';
import { isApiPath } from '../src/http/paths.ts';
import { buildTestApp } from './fixtures/app.ts';
import { closedPort } from './fixtures/idp-server.ts';

async function appWith(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(handleError);
  register(app);
  await app.ready();
  return app;
}

/** An error of a feature the error handler has never heard of. */
class TeapotError extends ProblemError {
  toProblem(): Problem {
    return refusal(418, { error: ErrorCode.InvalidRequest, message: this.message }, 'ERR_TEAPOT', { 'retry-after': '7' });
  }
}

describe('error handler', () => {
  it('answers any error that converts itself into a problem as it says, without knowing its feature', async () => {
    const app = await appWith((a) =>
      a.get('/tea', async () => {
        throw new TeapotError('I am a teapot');
      }),
    );
    const response = await app.inject({ url: '/tea' });
    assert.equal(response.statusCode, 418);
    assert.equal(response.headers['retry-after'], '7');
    assert.deepEqual(response.json(), { error: 'invalid_request', message: 'I am a teapot' });
    await app.close();
  });

  it('answers a body that fails its schema with 400 invalid_request and a clear message', async () => {
    const app = await appWith((a) =>
      a.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({ ok: true })),
    );
    const response = await app.inject({ method: 'POST', url: '/things', payload: { name: 42 } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'invalid_request');
    assert.match(response.json().message, /name/);
    await app.close();
  });

  it('answers malformed JSON with 400 invalid_request', async () => {
    const app = await appWith((a) => a.post('/things', async () => ({ ok: true })));
    const response = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'invalid_request');
    await app.close();
  });

  it('answers an unsupported content type with 415', async () => {
    const app = await appWith((a) => a.post('/things', async () => ({ ok: true })));
    const response = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/x-evil' }, payload: 'x' });
    assert.equal(response.statusCode, 415);
    assert.equal(response.json().error, 'unsupported_media_type');
    await app.close();
  });

  it('answers a bug with 500 and a body without internals', async () => {
    const app = await appWith((a) =>
      a.get('/boom', async () => {
        throw new Error('connect ECONNREFUSED db.internal:5432 password=hunter2');
      }),
    );
    const response = await app.inject({ url: '/boom' });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: 'internal_error', message: 'Internal server error' });
    await app.close();
  });
});

describe('route auth declarations', () => {
  const anyTokenAuth = {
    verifyAccessToken: async (): Promise<Principal> => ({
      sub: 'x',
      name: 'x',
      nameSource: 'name',
      roles: [],
      rolesClaim: { status: 'empty', names: [], tokenClaimNames: [] },
      expiresAtMs: Date.now() + 60_000,
      dpopJkt: undefined,
    }),
    dpop: 'allowed' as const,
    checkSenderConstraint: async () => undefined,
    misconfigurations: createMisconfigurationLog(loadConfig({}).oidc.roles),
    mustDeclareAuth: isApiPath,
  };

  it('refuses to start when an API route does not declare auth (forgetting is not public)', async () => {
    const app = Fastify({ logger: false });
    await assert.rejects(async () => {
      await app.register(authPlugin, anyTokenAuth);
      await app.register(async (scope) => {
        scope.get('/api/forgotten', async () => ({ secret: true }));
      });
      await app.ready();
    }, /must declare config\.auth/);
  });

  it('lets a route outside /api/ (the SPA) go without a declaration', async () => {
    const app = Fastify({ logger: false });
    await app.register(authPlugin, anyTokenAuth);
    app.get('/robots.txt', async () => 'User-agent: *');
    await app.ready();
    assert.equal((await app.inject({ url: '/robots.txt' })).statusCode, 200);
    await app.close();
  });
});

describe('framework errors', () => {
  it('answers a URL that cannot be decoded with 400 JSON, without quoting it', async () => {
    const app = await buildTestApp({ OIDC_ISSUER: `http://localhost:${await closedPort()}` });
    try {
      const response = await app.inject({ url: '/api/%zz?access_token=abc' });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), { error: 'invalid_request', message: 'The request URL is not valid' });
    } finally {
      await app.close();
    }
  });
});
