/** Sends the catalogue's requests and judges each answer. */
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import type { BadRequest } from './catalogue';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

export interface Verdict {
  request: BadRequest;
  answer: Answer | null;
  /** Null when the answer is acceptable; else why not. */
  problem: string | null;
}

/** Signs that an error leaks internals (stack frames, SQL, driver names). */
const LEAKS = [
  /\bat \S+ \(\S+:\d+:\d+\)/,
  /Prisma\w*Error|prisma\.\w+\.\w+\(|SQLSTATE|syntax error at or near|violates \w+ constraint/i,
  /ECONNREFUSED|ReplyError|MaxRetriesPerRequestError/,
];

export function judge(req: BadRequest, answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  for (const leak of LEAKS) {
    if (leak.test(answer.body)) return `answer leaks internals: ${answer.body.slice(0, 200)}`;
  }
  if (answer.status < 400) {
    return req.expect === 'reject' ? `accepted (HTTP ${answer.status}) instead of a 4xx` : null;
  }
  if (!/^application\/json/.test(answer.contentType)) {
    return `HTTP ${answer.status} with Content-Type ${answer.contentType || '(none)'}, not JSON`;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `HTTP ${answer.status} with a body that is not JSON`;
  }
  const { statusCode, message } = body as { statusCode?: unknown; message?: unknown };
  if (statusCode !== answer.status)
    return `body statusCode ${String(statusCode)} != ${answer.status}`;
  if (typeof message !== 'string' || message.trim().length < 10) {
    return `HTTP ${answer.status} without a clear message: ${answer.body.slice(0, 200)}`;
  }
  return null;
}

/** Sockets that already ignore their own errors (see send). */
const quietSockets = new WeakSet<Socket>();

function send(base: URL, agent: Agent, req: BadRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers,
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    // The server may answer (413) and close before it has read a large body: not an error.
    // Once per socket: kept-alive sockets serve many requests.
    outgoing.on('socket', (socket) => {
      if (quietSockets.has(socket)) return;
      quietSockets.add(socket);
      socket.on('error', () => undefined);
    });
    outgoing.end(req.body);
  });
}

/**
 * Fires every request (`concurrency` at a time) and judges the answers. A request whose
 * connection fails gets a problem too, except an oversized body the server refused early.
 */
export async function fireAll(
  base: URL,
  requests: BadRequest[],
  options: { concurrency: number; timeoutMs: number; onProgress?: (done: number) => void },
): Promise<Verdict[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const verdicts: Verdict[] = new Array<Verdict>(requests.length);
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < requests.length) {
      const index = next++;
      const req = requests[index]!;
      try {
        const answer = await send(base, agent, req, options.timeoutMs);
        verdicts[index] = { request: req, answer, problem: judge(req, answer) };
      } catch (error) {
        verdicts[index] = {
          request: req,
          answer: null,
          problem: `no answer: ${(error as Error).message}`,
        };
      }
      done += 1;
      if (done % 100 === 0) options.onProgress?.(done);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  agent.destroy();
  return verdicts;
}
