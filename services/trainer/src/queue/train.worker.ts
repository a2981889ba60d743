import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import {
  QUEUES,
  TRAIN_WORKER_OPTIONS,
  trainJobData,
  type TrainJobData,
  type TrainJobResult,
} from '@marquee/contracts';
import type { TrainerConfig } from '../config/trainer-config';
import { TRAINER_CONFIG } from '../core/tokens';
import { TrainingService } from '../training/training.service';
import { bullConnection } from './bull-connection';

/** Consumes train jobs one at a time and hands each to the TrainingService. */
@Injectable()
export class TrainWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TrainWorker.name);
  private worker: Worker<TrainJobData, TrainJobResult> | null = null;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly training: TrainingService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<TrainJobData, TrainJobResult>(
      QUEUES.train,
      (job) => this.process(job),
      {
        connection: bullConnection(this.config.REDIS_URL),
        prefix: this.config.BULL_PREFIX,
        concurrency: 1,
        ...TRAIN_WORKER_OPTIONS,
      },
    );
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`train job ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.logger.log(`listening on queue "${QUEUES.train}" (prefix "${this.config.BULL_PREFIX}")`);
  }

  private async process(job: Job<TrainJobData, TrainJobResult>): Promise<TrainJobResult> {
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

  /** Waits for the job in progress to finish and takes no new one. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    this.logger.log('closing: waiting for the active train job, if any');
    await this.worker.close();
    this.worker = null;
  }
}
