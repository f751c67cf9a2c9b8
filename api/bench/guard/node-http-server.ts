/**
 * A baseline for the guard benchmark: `node:http` answering `GET /api/me` with a fixed body of the
 * size of ours, checking nothing (a request without an `Authorization` header gets 401, as a
 * guard's would). What HTTP alone costs Node on one core: `guard-throughput.ts` adds it to the
 * signature check's own cost (`crypto-verify-rate.ts`) for the most any Node server that checks a
 * fresh token can answer on that core. Started by `guard-throughput.ts`.
 */
import { createServer } from 'node:http';
import { baselineSettings } from './baseline-settings.ts';

const { port, host } = baselineSettings();
const BODY = JSON.stringify({ sub: 'reader-1', name: 'Reader 1', roles: ['chat'] });

createServer((request, response) => {
  response.statusCode = request.headers.authorization === undefined ? 401 : 200;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(BODY);
}).listen(port, host, () => console.log('listening'));
