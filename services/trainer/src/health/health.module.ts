import type { Redis } from 'ioredis';
import type { Db } from '@marquee/db';
import { DB, HealthModule, postgresCheck, REDIS, redisCheck } from '@marquee/nest-common';

/** /health/live and /health/ready: ready when Postgres and Redis answer. */
export const TrainerHealthModule = HealthModule.forRoot({
  inject: [DB, REDIS],
  useFactory: (db: Db, redis: Redis) => ({ checks: [postgresCheck(db), redisCheck(redis)] }),
});
