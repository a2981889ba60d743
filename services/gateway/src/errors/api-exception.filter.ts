import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { ApiError } from '@marquee/contracts';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../database/prisma-errors';
import {
  DomainError,
  type ErrorCode,
  RETRY_AFTER_SECONDS,
  databaseUnavailable,
} from './domain-error';

/** Turns any thrown value into the ApiError JSON body and its status. */
export function toApiError(exception: unknown): ApiError {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      error: reason(exception.status),
      code: exception.code,
      message: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
      ...exception.extra,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    let message = exception.message;
    if (typeof body === 'object' && body !== null && 'message' in body) {
      const m = (body as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    return {
      statusCode: status,
      error: reason(status),
      ...(status === 404 ? { code: 'ROUTE_NOT_FOUND' } : {}),
      message,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return toApiError(databaseUnavailable());
  }
  return { statusCode: 500, error: reason(500), message: 'Internal server error' };
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The one exception filter: domain errors map by code; anything unknown is a logged 500. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = toApiError(exception);
    const where = `${req.method} ${req.originalUrl ?? req.url}`;
    if (body.statusCode >= 500) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      if (exception instanceof DomainError) {
        // No model yet / not ready are expected states while the system starts: not warnings.
        const expected = exception.code === 'NO_MODEL' || exception.code === 'NOT_READY';
        this.logger[expected ? 'debug' : 'warn'](
          `${where} -> ${body.statusCode} ${exception.code}: ${body.message}`,
        );
      } else if (body.code === 'DATABASE_UNAVAILABLE') {
        this.logger.warn(`${where} -> 503 DATABASE_UNAVAILABLE: ${String(exception)}`);
      } else {
        this.logger.error(`${where} -> ${body.statusCode} unhandled error`, stack);
      }
    }
    if (res.headersSent) {
      return;
    }
    const retryAfter =
      (exception instanceof DomainError ? exception.retryAfterSeconds : undefined) ??
      (body.code === undefined ? undefined : RETRY_AFTER_SECONDS[body.code as ErrorCode]);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }
}
