import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode, type ApiError } from '@app/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Answers the requests Node refuses before Fastify sees them (Fastify's `clientErrorHandler`):
 * headers over the size cap (431), a request not received within the timeouts (408), anything
 * unparsable (400). Same `{ error, message }` body as every other answer, `no-store`, `nosniff`, and
 * the connection is closed.
 *
 * Logs the error code only: Node's error carries `rawPacket`, the raw bytes of the request, which
 * hold its `Authorization` header.
 */
export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] = clientErrorResponse(error.code);
  this.log.info({ clientError: error.code, statusCode: status }, 'request refused before parsing');
  if (socket.writable && !responseStarted(socket)) {
    const json = JSON.stringify(body);
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(json)}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        'Connection: close',
        '',
        json,
      ].join('\r\n'),
    );
  }
  socket.destroy();
}

function clientErrorResponse(code: string | undefined): [number, ApiError] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, { error: ErrorCode.HeaderFieldsTooLarge, message: 'The request headers are too large' }];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, { error: ErrorCode.RequestTimeout, message: 'The request took too long to arrive' }];
    default:
      return [400, { error: ErrorCode.InvalidRequest, message: 'The request is not valid HTTP' }];
  }
}

/**
 * Node's own check before it answers a client error (`_http_server.js`, `socketOnError`): if a
 * response on this socket has sent its headers (a 401 sent before a slow body finished arriving),
 * writing another would corrupt the stream; the socket is only closed.
 */
function responseStarted(socket: Socket): boolean {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return inFlight?.headersSent === true;
}
