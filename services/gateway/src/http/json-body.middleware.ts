import { Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../errors/domain-error';

export const BODY_LIMIT = '10kb';

const parseJson = express.json({ limit: BODY_LIMIT, strict: true });

/** body-parser's errors carry a `type`; map each to a clear 4xx instead of a 500. */
function bodyError(err: unknown): DomainError {
  const type = (err as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT}`);
    case 'entity.parse.failed':
      return new DomainError('MALFORMED_BODY', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError(
        'UNSUPPORTED_CONTENT_TYPE',
        'The request body must be UTF-8 JSON without content encoding',
      );
    default:
      return new DomainError('MALFORMED_BODY', 'The request body could not be read');
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses JSON bodies (at most BODY_LIMIT) as a Nest middleware, so that its failures reach the
 * one exception filter: malformed JSON -> 400, too large -> 413, a non-JSON body -> 400.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (hasBody(req) && !req.is('application/json')) {
      throw new DomainError(
        'UNSUPPORTED_CONTENT_TYPE',
        `The request body must be JSON (Content-Type: application/json), not ${
          req.headers['content-type'] ?? 'an unspecified type'
        }`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      parseJson(req, res, (err?: unknown) => (err ? reject(bodyError(err)) : resolve()));
    });
    next();
  }
}
