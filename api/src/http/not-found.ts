import { ErrorCode } from '@app/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { isApiPath, pathOf } from './paths.ts';

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export type ServePage = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * The app's one not-found handler. Under `/api`: JSON, 405 with `Allow` when the path exists with
 * other methods, else 404. Elsewhere: a GET is a page of the SPA (`servePage`), anything else 404.
 */
export function createNotFoundHandler(app: FastifyInstance, servePage: ServePage) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = pathOf(request.url);
    if (isApiPath(path)) {
      const allowed = METHODS.filter((method) => app.hasRoute({ url: path, method }));
      if (allowed.length > 0) {
        return reply.code(405).header('allow', allowed.join(', '))
          .send({ error: ErrorCode.MethodNotAllowed, message: `Allowed methods: ${allowed.join(', ')}` });
      }
      return reply.code(404).send({ error: ErrorCode.NotFound, message: 'No such API route' });
    }
    if (request.method === 'GET' || request.method === 'HEAD') return servePage(request, reply);
    return reply.code(404).send({ error: ErrorCode.NotFound, message: 'Not found' });
  };
}
