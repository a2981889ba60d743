import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { toApiError } from '../errors/api-exception.filter';
import { DomainError } from '../errors/domain-error';

/** Node's parser errors for requests it cannot read at all (before Express sees them). */
function errorFor(code: string | undefined): DomainError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError(
        'HEADERS_TOO_LARGE',
        'The request line and headers are too large (URL, cookies or other headers)',
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new DomainError('PAYLOAD_TOO_LARGE', 'The chunk extensions are too large');
    default:
      return new DomainError('MALFORMED_BODY', 'The HTTP request could not be parsed');
  }
}

/**
 * Answers requests that Node's HTTP parser rejects (oversized headers, broken framing) with the
 * API's JSON error instead of Node's bare status line, then closes the connection as Node does.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The client is gone, or too slow to send its request: there is no one to answer.
    if (err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error = toApiError(errorFor(err.code));
    const body = JSON.stringify(error);
    socket.end(
      `HTTP/1.1 ${error.statusCode} ${error.error}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
