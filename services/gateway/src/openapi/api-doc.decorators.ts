import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';
import type { ErrorCode } from '../errors/domain-error';

export const API_RESULT = Symbol('API_RESULT');
export const API_RAISES = Symbol('API_RAISES');

export interface ApiResultMeta {
  summary: string;
  /** The success answer's body; none for a 204. */
  schema?: z.ZodType;
  /** application/json unless said otherwise (the event stream's text/event-stream). */
  contentType?: string;
}

/**
 * What a route does and answers, for the OpenAPI document (services/gateway/src/openapi). Its
 * parameters and body are read from its ZodValidationPipes, and its status from @HttpCode.
 */
export const ApiResult = (summary: string, schema?: z.ZodType, contentType?: string) =>
  SetMetadata(API_RESULT, { summary, schema, contentType } satisfies ApiResultMeta);

/**
 * The domain errors a route's own work may answer with (e.g. MOVIE_NOT_FOUND), for the OpenAPI
 * document. Those of its validation, body, admin guard and rate limit are added without this.
 */
export const Raises = (...codes: ErrorCode[]) => SetMetadata(API_RAISES, codes);
