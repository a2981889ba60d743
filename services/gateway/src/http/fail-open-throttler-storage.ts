import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { throttledErrorLogger, withTimeout } from '@marquee/nest-common';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long a request waits for the rate-limit counter before it is let through. */
export const RATE_LIMIT_STORE_TIMEOUT_MS = 250;

const logger = new Logger('RateLimit');

/**
 * Wraps the shared (Redis) counter store so that a Redis outage lets requests through instead
 * of failing them: the ratings API only needs Postgres, and a rate limiter must not take it
 * down with Redis. Failures are logged at most once per 10 s.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly warn = throttledErrorLogger(
    logger,
    'Rate limit store unavailable, not limiting',
  );

  constructor(
    private readonly store: ThrottlerStorage,
    private readonly timeoutMs = RATE_LIMIT_STORE_TIMEOUT_MS,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    try {
      return await withTimeout(
        this.store.increment(key, ttl, limit, blockDuration, throttlerName),
        this.timeoutMs,
        'rate limit counter',
      );
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
