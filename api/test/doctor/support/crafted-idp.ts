/**
 * A small real HTTP server on 127.0.0.1, set up wrong on purpose, for the checks of one module: it
 * serves a crafted discovery document and whatever each test's endpoints answer. Not a mock of the
 * checks: they reach it over the loopback network, as they would reach an IdP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface CraftedIdp {
  /** `http://localhost:<port>`, no trailing slash. */
  readonly issuer: string;
  /** `METHOD path` of each request so far. */
  readonly requests: string[];
  /** Replaces the routes (`'GET /path'` → answer); unknown routes get 404. */
  route(routes: Readonly<Record<string, Route>>): void;
  close(): Promise<void>;
}

export async function startCraftedIdp(): Promise<CraftedIdp> {
  let routes: Readonly<Record<string, Route>> = {};
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const key = `${request.method ?? 'GET'} ${path}`;
      requests.push(key);
      const route = routes[key];
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      route(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: `http://localhost:${(server.address() as AddressInfo).port}`,
    requests,
    route: (next) => {
      routes = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A discovery document as a well-configured IdP at `issuer` publishes it, with `overrides` (an `undefined` removes a field). */
export function discoveryDocument(issuer: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const document: Record<string, unknown> = {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/session/end`,
    revocation_endpoint: `${issuer}/token/revocation`,
    scopes_supported: ['openid', 'profile', 'offline_access'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    ...overrides,
  };
  for (const [name, value] of Object.entries(document)) if (value === undefined) delete document[name];
  return document;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Route {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Route {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html', ...headers }).end(body);
  };
}

export function redirect(location: string): Route {
  return (_request, response) => {
    response.writeHead(302, { location }).end();
  };
}

/** A server that accepts connections and never answers: an IdP that hangs. */
export async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A localhost port nothing listens on: an IdP that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
