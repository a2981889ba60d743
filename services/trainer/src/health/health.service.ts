import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Db } from '@marquee/db';
import { DB, REDIS } from '../core/tokens';

const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = 'up' | `down: ${string}`;

export interface ReadinessReport {
  ready: boolean;
  checks: { postgres: CheckResult; redis: CheckResult };
}

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [postgres, redis] = await Promise.all([
      check(() => this.db.$queryRaw`SELECT 1`),
      check(() => this.redis.ping()),
    ]);
    return { ready: postgres === 'up' && redis === 'up', checks: { postgres, redis } };
  }
}
