import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ModelHolder } from '../model/model-holder';
import { REDIS } from '../core/tokens';

const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = 'up' | `down: ${string}`;

export interface ReadinessReport {
  ready: boolean;
  modelVersion: number | null;
  checks: { redis: CheckResult; model: CheckResult };
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

/** Ready = Redis answers (jobs can arrive) and a model is loaded (jobs can be answered). */
@Injectable()
export class HealthService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly holder: ModelHolder,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const redis = await check(() => this.redis.ping());
    const model = this.holder.current();
    const modelCheck: CheckResult = model ? 'up' : 'down: no model is loaded yet';
    return {
      ready: redis === 'up' && model !== null,
      modelVersion: model?.version ?? null,
      checks: { redis, model: modelCheck },
    };
  }
}
