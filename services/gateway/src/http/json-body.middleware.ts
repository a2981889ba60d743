import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';

/** 10240 -> "10kb" (as the limit is usually written), 300 -> "300 bytes". */
export function describeBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024}kb` : `${bytes} bytes`;
}

/** body-parser's errors carry a `type`; map each to a clear 4xx instead of a 500. */
function bodyError(err: unknown, limitBytes: number): DomainError {
  const type = (err as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than ${describeBytes(limitBytes)}`,
      );
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
 * Parses JSON bodies (at most BODY_LIMIT_BYTES) as a Nest middleware, so that its failures
 * reach the one exception filter: malformed JSON -> 400, too large -> 413, a non-JSON body -> 400.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parseJson: RequestHandler;
  private readonly limitBytes: number;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.limitBytes = config.security.bodyLimitBytes;
    this.parseJson = express.json({ limit: this.limitBytes, strict: true });
  }

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
      this.parseJson(req, res, (err?: unknown) =>
        err ? reject(bodyError(err, this.limitBytes)) : resolve(),
      );
    });
    next();
  }
}
