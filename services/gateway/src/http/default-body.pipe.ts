import { Injectable, type PipeTransform } from '@nestjs/common';

/** For an optional JSON body: a request without one is read as `fallback` (e.g. {}). */
@Injectable()
export class DefaultBodyPipe<T> implements PipeTransform<unknown, unknown> {
  constructor(private readonly fallback: T) {}

  transform(value: unknown): unknown {
    return value === undefined ? this.fallback : value;
  }
}
