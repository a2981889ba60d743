import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOB_OPTIONS, JOBS, QUEUES, type TrainJobData } from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAINER_CONFIG } from '../core/tokens';
import { bullConnection } from '@marquee/nest-common';

export const INITIAL_JOB_ID = 'initial';

/**
 * At boot, when no model is active and no train job is pending, enqueues the first training
 * so that a fresh install ends up with a model without anyone asking for it.
 */
@Injectable()
export class InitialTraining implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InitialTraining.name);
  private readonly queue: Queue<TrainJobData>;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly registry: ModelRegistry,
  ) {
    this.queue = new Queue<TrainJobData>(QUEUES.train, {
      connection: bullConnection(config.redisUrl),
      prefix: config.bullPrefix,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.trainOnStart) return;
    await this.enqueueIfNeeded();
  }

  /** Returns the id of the job it added, or null when none was needed. */
  async enqueueIfNeeded(): Promise<string | null> {
    const active = await this.registry.getActive();
    if (active) {
      this.logger.log(`version ${active.version} is active; no initial training needed`);
      return null;
    }
    const pending = await this.queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    const pendingCount = Object.values(pending).reduce((sum, n) => sum + n, 0);
    if (pendingCount > 0) {
      this.logger.log(`no model is active, but ${pendingCount} train job(s) are already pending`);
      return null;
    }
    // A finished 'initial' job would make add() a no-op (same id), so clear it to run again.
    const previous = await this.queue.getJob(INITIAL_JOB_ID);
    if (previous) await previous.remove();
    const job = await this.queue.add(
      JOBS.train,
      { reason: 'initial' },
      { ...JOB_OPTIONS.train, jobId: INITIAL_JOB_ID },
    );
    // Deduplicated: a job someone queued since the count above is pending instead.
    if (job.id !== INITIAL_JOB_ID) {
      this.logger.log(`no model is active, but train job ${job.id ?? '?'} is already pending`);
      return null;
    }
    this.logger.log(`no model is active: enqueued initial train job ${INITIAL_JOB_ID}`);
    return INITIAL_JOB_ID;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
