import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import {
  QUEUES,
  TRAIN_WORKER_OPTIONS,
  trainJobData,
  type TrainJobData,
  type TrainJobResult,
} from '@marquee/contracts';
import { QueueWorkerHost } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAINER_CONFIG } from '../core/tokens';
import { TrainingService } from '../training/training.service';

/**
 * Consumes train jobs one at a time and hands each to the TrainingService; on shutdown it
 * waits for the job in progress and takes no new one.
 */
@Injectable()
export class TrainWorker extends QueueWorkerHost<TrainJobData, TrainJobResult> {
  constructor(
    @Inject(TRAINER_CONFIG) config: TrainerConfig,
    private readonly training: TrainingService,
  ) {
    super({
      queue: QUEUES.train,
      redisUrl: config.REDIS_URL,
      prefix: config.BULL_PREFIX,
      concurrency: 1,
      options: TRAIN_WORKER_OPTIONS,
    });
  }

  protected override async process(
    job: Job<TrainJobData, TrainJobResult>,
  ): Promise<TrainJobResult> {
    const parsed = trainJobData.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `INVALID_JOB: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')}`,
      );
    }
    return this.training.train({
      id: job.id,
      data: parsed.data,
      updateProgress: (progress) => job.updateProgress(progress),
    });
  }
}
