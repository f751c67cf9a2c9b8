/**
 * Serves oidc-provider under the issuer's path (`http://localhost:4500/realms/dev`). oidc-provider builds
 * its URLs under that path, but its router matches paths without it, as when an Express app mounts it:
 * so the prefix is taken off `req.url` and kept in `req.originalUrl`, from which `ctx.oidc.urlFor`
 * works the prefix out again. Anything outside the prefix is not this IdP's: 404.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export function mountAt(mountPath: string, handler: RequestListener): RequestListener {
  if (mountPath === '') {
    return handler;
  }
  return (request, response) => {
    const url = request.url ?? '/';
    const rest = pathUnder(mountPath, url);
    if (rest === undefined) {
      return notFound(mountPath, response);
    }
    Object.assign(request, { originalUrl: url });
    request.url = rest;
    return handler(request, response);
  };
}

/**
 * `url` without the mount path, or undefined when it is outside it. Matched on a segment boundary:
 * `/realms/dev` does not contain `/realms/devil`.
 */
function pathUnder(mountPath: string, url: string): string | undefined {
  if (!url.startsWith(mountPath)) {
    return undefined;
  }
  const rest = url.slice(mountPath.length);
  if (rest === '' || rest.startsWith('?')) {
    return `/${rest}`;
  }
  return rest.startsWith('/') ? rest : undefined;
}

function notFound(mountPath: string, response: ServerResponse<IncomingMessage>): void {
  response.statusCode = 404;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.end(`Not found: this identity provider serves only paths under ${mountPath}/\n`);
}
