/**
 * A baseline for the guard benchmark: Fastify 5 and jose's `jwtVerify`, nothing else: no rate
 * limit, no security headers, no logs, no DPoP, none of our own rules after jose's. The verify
 * options are our guard's own (`verify-access-token.ts`): what a token check costs at least on
 * this stack. `GET /api/me` answers who the token names. Started by `guard-throughput.ts`.
 */
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ALLOWED_ALGORITHMS, CLOCK_TOLERANCE_SECONDS, REQUIRED_CLAIMS } from '../../src/auth/verify-access-token.ts';
import { baselineSettings } from './baseline-settings.ts';

const { port, host, issuer, audience, jwksUri, maxTokenAgeSeconds } = baselineSettings();
const keys = createRemoteJWKSet(new URL(jwksUri));
const app = Fastify({ logger: false });

app.get('/api/me', async (request, reply) => {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) return reply.code(401).send({ error: 'invalid_request' });
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [...ALLOWED_ALGORITHMS],
      issuer,
      audience,
      typ: 'at+jwt',
      requiredClaims: [...REQUIRED_CLAIMS],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: maxTokenAgeSeconds,
    });
    return { sub: payload.sub, name: payload['name'], roles: payload['roles'] };
  } catch {
    return reply.code(401).send({ error: 'invalid_token' });
  }
});
await app.listen({ port, host });
console.log('listening');
