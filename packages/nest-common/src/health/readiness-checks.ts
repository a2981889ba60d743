import type { Redis } from 'ioredis';
import type { Db } from '@marquee/db';
import { withTimeout } from '../with-timeout';

/** One dependency readiness depends on: `probe` resolves when it answers, throws why not. */
export interface ReadinessCheck {
  name: string;
  probe(): unknown;
}

/** A check's outcome: `problem` is null when it answered in time, else the reason. */
export interface CheckOutcome {
  name: string;
  problem: string | null;
}

export function postgresCheck(db: Db): ReadinessCheck {
  return { name: 'postgres', probe: () => db.$queryRaw`SELECT 1` };
}

export function redisCheck(redis: Redis): ReadinessCheck {
  return { name: 'redis', probe: () => redis.ping() };
}

/** Runs every check at once, each limited to `timeoutMs`; never rejects. */
export function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async ({ name, probe }) => {
      try {
        await withTimeout(Promise.resolve().then(probe), timeoutMs, name);
        return { name, problem: null };
      } catch (err) {
        return { name, problem: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}
