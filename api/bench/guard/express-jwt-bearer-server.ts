/**
 * A baseline for the guard benchmark: Express 5 with Auth0's `express-oauth2-jwt-bearer`, the
 * middleware many Node APIs verify access tokens with, configured as our API is (issuer, audience,
 * the IdP's JWKS by URL, 30 s of clock tolerance, the maximum token age, `at+jwt` as its strict
 * mode asks). `GET /api/me` answers who the token names. Started by `guard-throughput.ts`.
 */
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { baselineSettings } from './baseline-settings.ts';

const { port, host, issuer, audience, jwksUri, maxTokenAgeSeconds } = baselineSettings();
const app = express();
app.disable('x-powered-by');
app.use(
  '/api',
  auth({ issuer, audience, jwksUri, clockTolerance: 30, maxTokenAge: maxTokenAgeSeconds, strict: true }),
);
app.get('/api/me', (request, response) => {
  const payload = request.auth?.payload ?? {};
  response.json({ sub: payload.sub, name: payload['name'], roles: payload['roles'] });
});
app.listen(port, host, () => console.log('listening'));
