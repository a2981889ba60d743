import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** The header a request id arrives in (from a proxy or a client) and is answered with. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may send as its request id: short, printable, no spaces or quotes. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id a caller sent, if it is one we can safely log and echo; else a fresh UUID. */
export function acceptOrCreateRequestId(sent: string | string[] | undefined): string {
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * pino-http's genReqId: takes the caller's x-request-id (or makes one) and answers with it, so
 * a client, the gateway's logs, the queue job and the recommender's logs share one id.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = acceptOrCreateRequestId(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The request id pino-http gave this request (`req.id`); a fresh one if it has none. */
export function requestIdOf(req: IncomingMessage): string {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : randomUUID();
}
