import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { IMPORT_MAX_BYTES } from '@marquee/contracts';
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

/** Parses JSON bodies of at most `limitBytes` so that its failures reach the exception filter. */
abstract class JsonBodyParser implements NestMiddleware {
  private readonly parseJson: RequestHandler;

  protected constructor(private readonly limitBytes: number) {
    this.parseJson = express.json({ limit: limitBytes, strict: true });
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

/**
 * Parses JSON bodies (at most BODY_LIMIT_BYTES) as a Nest middleware, so that its failures
 * reach the one exception filter: malformed JSON -> 400, too large -> 413, a non-JSON body -> 400.
 */
@Injectable()
export class JsonBodyMiddleware extends JsonBodyParser {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    super(config.security.bodyLimitBytes);
  }
}

/**
 * The same for the import routes, whose body carries a whole file: at most IMPORT_MAX_BYTES
 * (the number of rows is limited once the file is read).
 */
@Injectable()
export class ImportBodyMiddleware extends JsonBodyParser {
  constructor() {
    super(IMPORT_MAX_BYTES);
  }
}
