import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import {
  jobFailureMessage,
  QUEUES,
  trainJobData,
  type TrainJobData,
  type TrainJobResult,
} from '@marquee/contracts';
import { PinoLogger, QueueWorkerHost } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAIN_LOCKS, TRAINER_CONFIG, type TrainLocks } from '../core/tokens';
import { TrainerMetrics } from '../metrics/trainer-metrics';
import { TrainingService } from '../training/training.service';

/** The fields of a job's data its log lines carry, when they are there. */
function logBindings(job: Job): Record<string, unknown> {
  const parsed = trainJobData.safeParse(job.data);
  return {
    jobId: job.id,
    ...(parsed.success ? { reason: parsed.data.reason, requestId: parsed.data.requestId } : {}),
  };
}

/**
 * Consumes train jobs one at a time and hands each to the TrainingService; on shutdown it
 * waits for the job in progress and takes no new one.
 */
@Injectable()
export class TrainWorker extends QueueWorkerHost<TrainJobData, TrainJobResult> {
  constructor(
    @Inject(TRAINER_CONFIG) config: TrainerConfig,
    @Inject(TRAIN_LOCKS) locks: TrainLocks,
    private readonly training: TrainingService,
    private readonly metrics: TrainerMetrics,
    pino: PinoLogger,
  ) {
    super({
      queue: QUEUES.train,
      redisUrl: config.redisUrl,
      prefix: config.bullPrefix,
      concurrency: 1,
      options: locks,
      logContext: { pino, bindings: logBindings },
    });
  }

  protected override async process(
    job: Job<TrainJobData, TrainJobResult>,
  ): Promise<TrainJobResult> {
    const parsed = trainJobData.safeParse(job.data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join('.') || 'data'}: ${i.message}`,
      );
      throw new UnrecoverableError(jobFailureMessage('INVALID_JOB', problems.join('; ')));
    }
    const endTimer = this.metrics.duration.startTimer();
    this.metrics.inProgress.set(1);
    try {
      const result = await this.training.train({
        id: job.id,
        data: parsed.data,
        updateProgress: (progress) => job.updateProgress(progress),
      });
      endTimer({ outcome: 'ok' });
      this.metrics.jobs.inc({ outcome: 'ok' });
      return result;
    } catch (error) {
      endTimer({ outcome: 'failed' });
      this.metrics.jobs.inc({ outcome: 'failed' });
      throw error;
    } finally {
      this.metrics.inProgress.set(0);
    }
  }
}
