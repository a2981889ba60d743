import { type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A Server-Sent Events connection read the way EventSource reads one, for tests. */
export interface SseConnection {
  response: IncomingMessage;
  /** Every `data:` payload so far, parsed as JSON, in order. */
  messages: unknown[];
  /** Every comment line (heartbeats) so far. */
  comments: string[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Resolves with the messages once `done` holds (rejects after `timeoutMs`). */
  until(done: (messages: unknown[]) => boolean, timeoutMs?: number): Promise<unknown[]>;
  /** Waits for the next heartbeat comment. */
  nextComment(timeoutMs?: number): Promise<string>;
  close(): void;
}

/** Opens `path` on the server with `headers` and resolves once the response headers arrive. */
export function openSse(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseConnection> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers } },
      (response) => {
        const messages: unknown[] = [];
        const comments: string[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of block.split('\n')) {
              if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)));
              else if (line.startsWith(':')) comments.push(line.slice(1).trim());
            }
          }
          for (const wake of waiters) wake();
        });
        const ended = new Promise<void>((done) => response.on('close', () => done()));
        const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
          new Promise<T>((ok, fail) => {
            const attempt = () => {
              const value = check();
              if (value === undefined) return;
              cleanup();
              ok(value);
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(
                new Error(`${what} not seen in ${timeoutMs} ms; got ${JSON.stringify(messages)}`),
              );
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(attempt);
            };
            waiters.add(attempt);
            attempt();
          });
        resolve({
          response,
          messages,
          comments,
          ended,
          until: (done, timeoutMs = 5_000) =>
            waitFor(() => (done(messages) ? [...messages] : undefined), timeoutMs, 'condition'),
          nextComment: (timeoutMs = 5_000) => {
            const seen = comments.length;
            return waitFor(() => comments[seen], timeoutMs, 'a comment');
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
