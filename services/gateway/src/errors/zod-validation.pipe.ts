import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from './domain-error';

const PLACE: Record<ArgumentMetadata['type'], string> = {
  body: 'request body',
  query: 'query parameters',
  param: 'path parameter',
  custom: 'input',
};

/** One readable line per bad field, e.g. "rating: rating must be a multiple of 0.5". */
export function describeIssues(error: z.ZodError, fallbackField: string): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        [...issue.path, key].map(String).join('.').concat(': unknown field'),
      );
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : fallbackField;
    return [`${field}: ${issue.message}`];
  });
}

/**
 * Validates one argument (body, query or a path parameter) with a zod schema from contracts.
 * Bad input is a VALIDATION error (400) that lists every bad field.
 */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  /** Public so that the OpenAPI document describes the argument with the same schema. */
  constructor(readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    if (metadata.type === 'body' && (value === undefined || value === null)) {
      throw new DomainError('VALIDATION', 'The request body must be a JSON object', [
        'body: missing (send JSON with Content-Type: application/json)',
      ]);
    }
    const parsed = this.schema.safeParse(value);
    if (parsed.success) {
      return parsed.data;
    }
    const field = metadata.data ?? (metadata.type === 'body' ? 'body' : metadata.type);
    const details = describeIssues(parsed.error, field);
    throw new DomainError(
      'VALIDATION',
      `Invalid ${PLACE[metadata.type]}: ${details.join('; ')}`,
      details,
    );
  }
}
