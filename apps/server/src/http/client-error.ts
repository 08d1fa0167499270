import type { Socket } from 'node:net';

const HEADER_OVERFLOW = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/**
 * Requests Node's parser refuses (oversized headers, request smuggling, garbage) get Node's own
 * bare answer, as on Express, rather than Fastify's JSON one: no application code, no body.
 */
export function bareClientError(error: Error & { code?: string }, socket: Socket): void {
  if (socket.writable) {
    socket.write(
      error.code === 'HPE_HEADER_OVERFLOW'
        ? HEADER_OVERFLOW
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? REQUEST_TIMEOUT
          : BAD_REQUEST,
    );
  }
  socket.destroy(error);
}
