import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { postgresCheck, redisCheck, runReadinessChecks } from '@marquee/nest-common';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DB } from '../database/database.module';
import { DomainError } from '../errors/domain-error';
import { REDIS } from '../queue/queue.tokens';

export const HEALTH_CHECK_TIMEOUT_MS = 1_000;

export const liveResponse = z.strictObject({ status: z.literal('ok') });

export const readyResponse = z.strictObject({
  status: z.literal('ok'),
  checks: z.record(z.string(), z.literal('ok')),
});
export type ReadyResponse = z.infer<typeof readyResponse>;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Postgres (SELECT 1) and Redis (PING), each with a short timeout; 503 names what failed. */
  async ready(): Promise<ReadyResponse> {
    const results = await runReadinessChecks(
      [postgresCheck(this.db), redisCheck(this.redis)],
      HEALTH_CHECK_TIMEOUT_MS,
    );
    const failed = results.filter((r) => r.problem !== null);
    if (failed.length > 0) {
      throw new DomainError(
        'NOT_READY',
        `Not ready: ${failed.map((f) => f.name).join(' and ')} did not answer`,
        results.map((r) => `${r.name}: ${r.problem ?? 'ok'}`),
      );
    }
    return { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.name, 'ok'])) };
  }
}
