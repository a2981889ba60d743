import type { Redis } from 'ioredis';
import { HealthModule, REDIS, redisCheck, type ReadinessCheck } from '@marquee/nest-common';
import { ModelHolder } from '../model/model-holder';
import { ModelModule } from '../model/model.module';

function modelLoadedCheck(holder: ModelHolder): ReadinessCheck {
  return {
    name: 'model',
    probe: () => {
      if (!holder.current()) throw new Error('no model is loaded yet');
    },
  };
}

/**
 * /health/live and /health/ready. Ready = Redis answers (jobs can arrive) and a model is loaded
 * (jobs can be answered); the answer names the loaded model version. Postgres is not checked:
 * it is only read when a model loads, never on the request path.
 */
export const RecommenderHealthModule = HealthModule.forRoot({
  imports: [ModelModule],
  inject: [REDIS, ModelHolder],
  useFactory: (redis: Redis, holder: ModelHolder) => ({
    checks: [redisCheck(redis), modelLoadedCheck(holder)],
    details: () => ({ modelVersion: holder.current()?.version ?? null }),
  }),
});
